#include "nai_core.h"

const char *
nai_strerror(nai_status st)
{
    switch (st) {
    case NAI_OK:
        return "no error";
    case NAI_ERR_NOMEM:
        return "out of memory";
    case NAI_ERR_PARAM:
        return "a parameter is out of range";
    case NAI_ERR_SHAPE:
        return "array shapes or indices do not agree";
    case NAI_ERR_FULL:
        return "an output buffer is full";
    }
    return "unknown status";
}
