/*
 * nai_core.h -- status codes shared by every neuroai kernel.
 *
 * The C core never raises, prints or aborts on user input: each public
 * function that can fail returns a nai_status, and nai_strerror() turns it
 * into a short English sentence.  The Python layer validates first and gives
 * the friendly, unit-bearing message; the kernel checks again as a last line
 * of defence, so a status other than NAI_OK from a kernel means "nothing was
 * changed".
 */
#ifndef NAI_CORE_H
#define NAI_CORE_H

#include <stddef.h>

typedef enum nai_status {
    NAI_OK = 0,
    NAI_ERR_NOMEM,   /* an allocation failed; no state was changed */
    NAI_ERR_PARAM,   /* a parameter is out of range (NaN included) */
    NAI_ERR_SHAPE,   /* array lengths or indices do not agree */
    NAI_ERR_FULL     /* an output buffer is full; the caller grows it and resumes */
} nai_status;

/* Static English text for a status; never NULL, never to be freed. */
const char *nai_strerror(nai_status st);

#endif /* NAI_CORE_H */
