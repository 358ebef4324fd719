/*
 * The C baseline of the sender benchmark: N distinct postbacks sent with libcurl's multi
 * interface, INFLIGHT at a time, the way a careful C program does it (one easy handle per
 * slot, reused; the body discarded). Built by scripts/bench with `cc -O2 ... -lcurl`.
 *
 * usage: multi-send URL-PREFIX COUNT INFLIGHT keepalive|fresh
 *   URL-PREFIX  e.g. http://127.0.0.1:8080/postback/advertiser?campaign_id=bench
 *               each request adds &click_id=c<i>&txid=t<i>
 * prints: sent=<n> answered=<n> ok=<n> seconds=<s> rate=<n/s>
 * exit 0 when every request was answered, 1 otherwise, 2 on bad arguments.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static size_t discard(char *data, size_t size, size_t count, void *user) {
    (void)data;
    (void)user;
    return size * count;
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct slot {
    CURL *easy;
    char url[512];
};

static void start(CURLM *multi, struct slot *slot, const char *prefix, long index, int fresh) {
    snprintf(slot->url, sizeof slot->url, "%s&click_id=c%ld&txid=t%ld", prefix, index, index);
    curl_easy_setopt(slot->easy, CURLOPT_URL, slot->url);
    curl_easy_setopt(slot->easy, CURLOPT_PRIVATE, slot);
    curl_easy_setopt(slot->easy, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(slot->easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(slot->easy, CURLOPT_TIMEOUT_MS, 30000L);
    if (fresh) {
        curl_easy_setopt(slot->easy, CURLOPT_FRESH_CONNECT, 1L);
        curl_easy_setopt(slot->easy, CURLOPT_FORBID_REUSE, 1L);
    }
    curl_multi_add_handle(multi, slot->easy);
}

int main(int argc, char **argv) {
    if (argc != 5 || (strcmp(argv[4], "keepalive") != 0 && strcmp(argv[4], "fresh") != 0)) {
        fprintf(stderr, "usage: %s URL-PREFIX COUNT INFLIGHT keepalive|fresh\n", argv[0]);
        return 2;
    }
    const char *prefix = argv[1];
    long count = strtol(argv[2], NULL, 10);
    long inflight = strtol(argv[3], NULL, 10);
    int fresh = strcmp(argv[4], "fresh") == 0;
    if (count < 1 || inflight < 1 || inflight > 4096) {
        fprintf(stderr, "multi-send: COUNT must be at least 1 and INFLIGHT 1...4096\n");
        return 2;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        fprintf(stderr, "multi-send: curl_global_init failed\n");
        return 1;
    }
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, inflight);
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, inflight);
    struct slot *slots = calloc((size_t)inflight, sizeof *slots);
    long next = 0, answered = 0, ok = 0, running = 0;
    double begin = now_seconds();
    for (long i = 0; i < inflight && next < count; i++, next++) {
        slots[i].easy = curl_easy_init();
        start(multi, &slots[i], prefix, next, fresh);
        running++;
    }
    long finished = 0;
    while (finished < count) {
        int still = 0;
        curl_multi_perform(multi, &still);
        CURLMsg *message;
        int queued = 0;
        while ((message = curl_multi_info_read(multi, &queued)) != NULL) {
            if (message->msg != CURLMSG_DONE) continue;
            CURL *easy = message->easy_handle;
            struct slot *slot = NULL;
            curl_easy_getinfo(easy, CURLINFO_PRIVATE, (char **)&slot);
            if (message->data.result == CURLE_OK) {
                long status = 0;
                curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
                answered++;
                if (status >= 200 && status < 300) ok++;
            }
            curl_multi_remove_handle(multi, easy);
            finished++;
            if (next < count) {
                start(multi, slot, prefix, next, fresh);
                next++;
            }
        }
        if (finished < count) curl_multi_poll(multi, NULL, 0, 1000, NULL);
    }
    double seconds = now_seconds() - begin;
    printf("sent=%ld answered=%ld ok=%ld seconds=%.3f rate=%.0f\n", count, answered, ok, seconds,
           (double)count / seconds);
    for (long i = 0; i < inflight; i++)
        if (slots[i].easy) curl_easy_cleanup(slots[i].easy);
    free(slots);
    curl_multi_cleanup(multi);
    curl_global_cleanup();
    return answered == count ? 0 : 1;
}
