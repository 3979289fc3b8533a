/*
 * standalone.c — runs a libFuzzer target over files without libFuzzer, so
 * that compilers without -fsanitize=fuzzer (gcc) still replay the corpus as
 * a regression test: `fuzz_reader_replay FILE...`.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
    int ran = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) {
            perror(argv[i]);
            return 1;
        }
        static uint8_t buf[1 << 20];
        size_t n = fread(buf, 1, sizeof buf, f);
        fclose(f);
        uint8_t *copy = malloc(n ? n : 1); /* exact-size copy so ASan sees overreads */
        if (!copy)
            return 1;
        for (size_t k = 0; k < n; k++)
            copy[k] = buf[k];
        LLVMFuzzerTestOneInput(copy, n);
        free(copy);
        ran++;
    }
    printf("replayed %d inputs\n", ran);
    return ran > 0 ? 0 : 1;
}
