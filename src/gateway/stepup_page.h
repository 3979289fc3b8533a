/*
 * stepup_page.h — the HTML of the step-up page (stepup_page.c).
 */
#ifndef SW_GW_STEPUP_PAGE_H
#define SW_GW_STEPUP_PAGE_H

/* The page; each "{{NONCE}}" is to be replaced by the response's CSP nonce. */
extern const char sw_gw_stepup_page[];

#define SW_GW_STEPUP_NONCE_MARK "{{NONCE}}"

#endif
