/*
 * Error reporting shared by every Ams native module (nn.h, gp.h): one thread-local
 * message for the whole library, so that a failure in any module is read the same way.
 */
#ifndef AMS_ERROR_H
#define AMS_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

const char* ams_last_error(void);          /* thread-local; "" when none */

#ifdef __cplusplus
}
#endif
#endif
