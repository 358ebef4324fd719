#ifndef CCURL_SHIM_H
#define CCURL_SHIM_H

// The only place of postback-harness that touches libcurl's C API directly.
//
// curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt are variadic, and Swift cannot
// call a variadic C function. Each wrapper below fixes the type of the variadic argument, so
// that the Swift side calls a typed function and the C compiler passes the argument the way
// libcurl reads it (a `long` as a `long`, a `curl_off_t` as a `curl_off_t`, ...).
// Every wrapper is `static inline`, prefixed `ccurl_`, and returns libcurl's own result code.

#include <curl/curl.h>

// MARK: - Global

/// curl_global_init(CURL_GLOBAL_ALL): the flags are a macro expression Swift does not import.
static inline CURLcode ccurl_global_init_all(void) {
    return curl_global_init(CURL_GLOBAL_ALL);
}

/// CURL_ERROR_SIZE as a value: the size of the buffer CURLOPT_ERRORBUFFER writes into.
static inline size_t ccurl_error_size(void) {
    return CURL_ERROR_SIZE;
}

// MARK: - curl_easy_setopt

/// For options of type CURLOPTTYPE_LONG (CURLOPT_NOSIGNAL, CURLOPT_TIMEOUT_MS, ...).
static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options of type CURLOPTTYPE_OFF_T (CURLOPT_POSTFIELDSIZE_LARGE, ...).
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options of type CURLOPTTYPE_STRINGPOINT (CURLOPT_URL, CURLOPT_CAINFO, ...).
/// libcurl copies these strings, except CURLOPT_POSTFIELDS: use ccurl_easy_setopt_pointer for it.
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options of type CURLOPTTYPE_OBJECTPOINT / CBPOINT (CURLOPT_POSTFIELDS, CURLOPT_WRITEDATA,
/// CURLOPT_ERRORBUFFER, CURLOPT_PRIVATE, ...). The caller keeps the memory alive.
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For options of type CURLOPTTYPE_SLISTPOINT (CURLOPT_HTTPHEADER, CURLOPT_CONNECT_TO, ...).
/// The caller keeps the list alive for as long as the handle may use it.
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION (both take a curl_write_callback).
static inline CURLcode ccurl_easy_setopt_write_callback(CURL *handle, CURLoption option,
                                                        curl_write_callback value) {
    return curl_easy_setopt(handle, option, value);
}

/// For CURLOPT_XFERINFOFUNCTION.
static inline CURLcode ccurl_easy_setopt_xferinfo_callback(CURL *handle, CURLoption option,
                                                           curl_xferinfo_callback value) {
    return curl_easy_setopt(handle, option, value);
}

// MARK: - curl_easy_getinfo

/// For CURLINFO_LONG items (CURLINFO_RESPONSE_CODE, CURLINFO_NUM_CONNECTS, ...).
static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// For CURLINFO_DOUBLE items (CURLINFO_TOTAL_TIME, ...).
static inline CURLcode ccurl_easy_getinfo_double(CURL *handle, CURLINFO info, double *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// For CURLINFO_OFF_T items (CURLINFO_TOTAL_TIME_T, CURLINFO_SIZE_DOWNLOAD_T, ...).
static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}

/// For CURLINFO_STRING items (CURLINFO_EFFECTIVE_URL, CURLINFO_REDIRECT_URL, ...). The string
/// belongs to the handle: copy it before the next call on the handle.
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}

/// For CURLINFO_PRIVATE: the pointer given to CURLOPT_PRIVATE.
static inline CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void **value) {
    return curl_easy_getinfo(handle, info, (char **)value);
}

// MARK: - curl_multi_setopt

/// For CURLMOPTTYPE_LONG options (CURLMOPT_MAX_TOTAL_CONNECTIONS, CURLMOPT_MAXCONNECTS, ...).
static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}

/// For CURLMOPTTYPE_OBJECTPOINT options (CURLMOPT_SOCKETDATA, CURLMOPT_TIMERDATA, ...).
static inline CURLMcode ccurl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *value) {
    return curl_multi_setopt(handle, option, value);
}

// MARK: - CURLMsg

/// The result of a finished transfer (CURLMsg's `data` is a union).
static inline CURLcode ccurl_msg_result(const CURLMsg *message) {
    return message->data.result;
}

#endif
