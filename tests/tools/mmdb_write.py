#!/usr/bin/env python3
"""Writes small MaxMind DB (.mmdb) files for the geo tests.

The MaxMind DB format (version 2.0 of its public specification) is three
parts in one file:

  search tree   a binary trie over address bits; node_count nodes of two
                records (bit 0, bit 1) of record_size bits each (24, 28 or
                32). A record below node_count points at a node, one equal
                to node_count means "no data", one above it points into the
                data section at (record - node_count - 16).
  16 zero bytes separating tree and data
  data section  self-describing values: a control byte (3 bits of type, 5 of
                size; type 0 means "extended", the next byte + 7 is the type;
                sizes 29/30/31 take 1/2/3 more bytes), then the payload.
  metadata      after the marker b"\\xab\\xcd\\xefMaxMind.com": a map with
                node_count, record_size, ip_version, database_type, ...

IPv6 databases hold IPv4 networks under ::/96 (::a.b.c.d), which is where
libmaxminddb looks for IPv4 addresses. This writer supports what the tests
need: maps, arrays, strings, doubles, booleans and unsigned integers, and
networks that do not overlap. It is not a general-purpose tool.

Usage: mmdb_write.py OUTDIR   writes country.mmdb, asn.mmdb and both.mmdb.
"""
import ipaddress
import os
import struct
import sys
import time


class Uint16(int):
    pass


class Uint32(int):
    pass


class Uint64(int):
    pass


T_STRING, T_DOUBLE, T_UINT16, T_UINT32, T_MAP = 2, 3, 5, 6, 7
T_UINT64, T_ARRAY, T_BOOL = 9, 11, 14


def control(type_, size):
    """Control byte(s) of a value of this type and size."""
    if type_ <= 7:
        first, ext = type_ << 5, b""
    else:
        first, ext = 0, bytes([type_ - 7])
    if size < 29:
        return bytes([first | size]) + ext
    if size < 29 + 256:
        return bytes([first | 29]) + ext + bytes([size - 29])
    if size < 285 + 65536:
        return bytes([first | 30]) + ext + (size - 285).to_bytes(2, "big")
    return bytes([first | 31]) + ext + (size - 65821).to_bytes(3, "big")


def encode_uint(type_, v):
    payload = v.to_bytes((v.bit_length() + 7) // 8, "big") if v else b""
    return control(type_, len(payload)) + payload


def encode(v):
    """One value of the data section."""
    if isinstance(v, bool):
        return control(T_BOOL, int(v))
    if isinstance(v, Uint16):
        return encode_uint(T_UINT16, int(v))
    if isinstance(v, Uint64):
        return encode_uint(T_UINT64, int(v))
    if isinstance(v, int):  # Uint32 and plain ints
        return encode_uint(T_UINT32, int(v))
    if isinstance(v, float):
        return control(T_DOUBLE, 8) + struct.pack(">d", v)
    if isinstance(v, str):
        b = v.encode("utf-8")
        return control(T_STRING, len(b)) + b
    if isinstance(v, dict):
        out = control(T_MAP, len(v))
        for k, x in v.items():
            out += encode(str(k)) + encode(x)
        return out
    if isinstance(v, list):
        return control(T_ARRAY, len(v)) + b"".join(encode(x) for x in v)
    raise TypeError("cannot encode %r" % (v,))


class Writer:
    def __init__(self, ip_version, record_size, database_type):
        assert ip_version in (4, 6) and record_size in (24, 28, 32)
        self.ip_version = ip_version
        self.record_size = record_size
        self.database_type = database_type
        self.nodes = [[None, None]]  # a child is None, ("node", i) or ("data", offset)
        self.data = b""
        self.offsets = {}

    def _data_offset(self, value):
        enc = encode(value)
        if enc not in self.offsets:
            self.offsets[enc] = len(self.data)
            self.data += enc
        return self.offsets[enc]

    def insert(self, network, value):
        net = ipaddress.ip_network(network)
        if self.ip_version == 4:
            assert net.version == 4, "IPv6 network in an IPv4 database"
            addr, bits = net.network_address.packed, net.prefixlen
        elif net.version == 4:
            addr, bits = bytes(12) + net.network_address.packed, 96 + net.prefixlen
        else:
            addr, bits = net.network_address.packed, net.prefixlen
        assert bits > 0
        leaf = ("data", self._data_offset(value))
        node = 0
        for i in range(bits):
            bit = (addr[i // 8] >> (7 - i % 8)) & 1
            if i == bits - 1:
                self.nodes[node][bit] = leaf
                return
            child = self.nodes[node][bit]
            if child is None:
                self.nodes.append([None, None])
                child = ("node", len(self.nodes) - 1)
                self.nodes[node][bit] = child
            assert child[0] == "node", "overlapping networks are not supported"
            node = child[1]

    def _record(self, child):
        n = len(self.nodes)
        if child is None:
            return n
        if child[0] == "node":
            return child[1]
        return n + 16 + child[1]

    def _tree(self):
        out = bytearray()
        for left, right in self.nodes:
            l, r = self._record(left), self._record(right)
            assert max(l, r) < (1 << self.record_size)
            if self.record_size == 24:
                out += l.to_bytes(3, "big") + r.to_bytes(3, "big")
            elif self.record_size == 28:
                mid = ((l >> 24) & 0x0F) << 4 | ((r >> 24) & 0x0F)
                out += (l & 0xFFFFFF).to_bytes(3, "big") + bytes([mid]) + (r & 0xFFFFFF).to_bytes(3, "big")
            else:
                out += l.to_bytes(4, "big") + r.to_bytes(4, "big")
        return bytes(out)

    def write(self, path):
        metadata = {
            "binary_format_major_version": Uint16(2),
            "binary_format_minor_version": Uint16(0),
            "build_epoch": Uint64(int(time.time())),
            "database_type": self.database_type,
            "description": {"en": "stillwatch test database"},
            "ip_version": Uint16(self.ip_version),
            "languages": ["en"],
            "node_count": Uint32(len(self.nodes)),
            "record_size": Uint16(self.record_size),
        }
        with open(path, "wb") as f:
            f.write(self._tree())
            f.write(bytes(16))
            f.write(self.data)
            f.write(b"\xab\xcd\xefMaxMind.com")
            f.write(encode(metadata))


def country(iso, name):
    return {"iso_code": iso, "names": {"en": name}}


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: mmdb_write.py OUTDIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)

    # Country only (GeoLite2-Country shape), IPv6 tree with IPv4 inside.
    w = Writer(6, 24, "GeoLite2-Country")
    w.insert("81.2.69.0/24", {"continent": {"code": "EU"}, "country": country("GB", "United Kingdom")})
    w.insert("2001:db8:1::/48", {"country": country("DE", "Germany"), "is_in_european_union": True})
    w.insert("203.0.113.0/24", {"registered_country": country("JP", "Japan")})
    w.insert("198.51.100.128/25", {"location": {"latitude": 1.5, "longitude": -2.25},
                                   "country": country("US", "United States")})
    w.write(os.path.join(out, "country.mmdb"))

    # ASN only (GeoLite2-ASN shape), IPv4-only tree.
    w = Writer(4, 28, "GeoLite2-ASN")
    w.insert("81.2.69.0/24", {"autonomous_system_number": Uint32(20712),
                              "autonomous_system_organization": "Andrews & Arnold Ltd"})
    w.insert("192.0.2.0/24", {"autonomous_system_number": Uint16(64496),
                              "autonomous_system_organization": "Example 16-bit"})
    w.insert("198.51.100.0/24", {"autonomous_system_number": Uint64(4200000000),
                                 "autonomous_system_organization": "Example 32-bit as uint64"})
    w.write(os.path.join(out, "asn.mmdb"))

    # Both fields in one file, IPv6 tree, 32-bit records.
    w = Writer(6, 32, "Test-Country-ASN")
    w.insert("10.0.0.0/8", {"country": country("FR", "France"), "autonomous_system_number": Uint32(3215)})
    w.insert("2001:db8:2::/48", {"country": country("NL", "Netherlands"),
                                 "autonomous_system_number": Uint32(1136)})
    w.write(os.path.join(out, "both.mmdb"))


if __name__ == "__main__":
    main()
