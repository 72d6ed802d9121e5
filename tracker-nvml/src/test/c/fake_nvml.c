/*
 * fake_nvml.c: a scripted stand-in for libnvidia-ml.so.1, for the tests of tracker-nvml.
 *
 * It exports the NVML functions the probe uses, with the C signatures of nvml.h, and answers them from a
 * scenario: a small text file describing GPUs, their power over time and their failures. Its clock is
 * controlled by the test, so that energy counters are exact integrals of the scripted power and tests
 * need no sleeps.
 *
 * Control interface (exported, test-only):
 *   int         fakeNvmlLoadScenario(const char *path)  reset everything, then load a scenario file;
 *                                                      0 on success, the failing line number (> 0), or -1
 *                                                      when the file cannot be read (see fakeNvmlLastError)
 *   int         fakeNvmlLoadScenarioText(const char *text)  the same from a string
 *   void        fakeNvmlSetTimeMs(long long ms)        set the fake clock, in milliseconds; switches the
 *                                                      library from the real monotonic clock to this one
 *   long long   fakeNvmlTimeMs(void)                   the clock the library answers with, in milliseconds
 *   int         fakeNvmlCallCount(const char *function) how often an NVML function was called since load
 *   int         fakeNvmlInitRefCount(void)             successful nvmlInit_v2 minus successful nvmlShutdown
 *   const char *fakeNvmlLastError(void)                why the last load failed ("" after a good load)
 *   long        fakeNvmlLayout(const char *what)       sizeof / offsetof of the structures as this C
 *                                                      compiler lays them out ("sizeof nvmlFieldValue_t",
 *                                                      "offsetof nvmlFieldValue_t.value", ...); -1 if unknown
 *
 * Without a loaded scenario, the first nvmlInit_v2 loads the file named by the environment variable
 * FAKE_NVML_SCENARIO, or else a built-in demo (an A100 with an energy counter drawing 300 W and a Tesla P100
 * with power only drawing 150 W), on the real monotonic clock: that lets a whole application run against it
 * through LD_LIBRARY_PATH.
 *
 * Scenario format: one directive per line, '#' starts a comment. Before the first "gpu" line:
 *   driver <version>                          nvmlSystemGetDriverVersion (default 550.54.15)
 *   return <function> <code>                  that function always returns code (e.g. nvmlInit_v2 9)
 * "gpu <uuid>" starts the next GPU (NVML index = order of appearance); inside it:
 *   name <text to end of line>                nvmlDeviceGetName
 *   arch <n>                                  nvmlDeviceGetArchitecture (2 Kepler ... 7 Ampere, 9 Hopper)
 *   power_limit_w <watts>                     nvmlDeviceGetEnforcedPowerLimit
 *   power <from_ms> <watts>                   scripted power, constant from that time (ascending times)
 *   energy_start_mj <n>                       counter value at time 0
 *   energy_step_ms <n>                        counter refreshes only every n ms (as the real one, ~100 ms)
 *   energy_frozen_ms <n>                      the counter stops counting at that time (0: never counts), power
 *                                             readings go on (a stalled energy counter)
 *   power_average_ms <n>                      nvmlDeviceGetPowerUsage is a trailing average over n ms
 *   field_return <code>                       per-value nvmlReturn for NVML_FI_DEV_POWER_INSTANT (186)
 *   return <function> <code>                  that function always returns code for this GPU
 *   fail <function|*> <from_ms> <to_ms> <code> calls in [from, to) return code
 *   lost <from_ms>                            from then on every call on this GPU: NVML_ERROR_GPU_IS_LOST
 *   reset <at_ms>                             driver reload: the counter restarts from 0 at that time
 *   utilization <gpu %> <memory %>            nvmlDeviceGetUtilizationRates
 *   memory_mib <total> <used>                 nvmlDeviceGetMemoryInfo
 * Anywhere:
 *   mig <mig-uuid> <parent-gpu-uuid>          a MIG device, found by nvmlDeviceGetHandleByUUID
 *
 * Written for this project; compiled by the test build with: gcc -shared -fPIC -o libnvidia-ml.so.1.
 * Variants: -DFAKE_NVML_LEGACY leaves out nvmlDeviceGetTotalEnergyConsumption and nvmlDeviceGetFieldValues
 * (an old driver); -DFAKE_NVML_NO_INIT leaves out nvmlInit_v2 (not an NVML library).
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define EXPORT __attribute__((visibility("default")))

typedef int nvmlReturn_t;
enum {
    NVML_SUCCESS = 0,
    NVML_ERROR_UNINITIALIZED = 1,
    NVML_ERROR_INVALID_ARGUMENT = 2,
    NVML_ERROR_NOT_SUPPORTED = 3,
    NVML_ERROR_NOT_FOUND = 6,
    NVML_ERROR_INSUFFICIENT_SIZE = 7,
    NVML_ERROR_GPU_IS_LOST = 15,
    NVML_ERROR_UNKNOWN = 999
};

#define NVML_FI_DEV_POWER_INSTANT 186
#define NVML_VALUE_TYPE_UNSIGNED_INT 1

typedef struct { unsigned int gpu; unsigned int memory; } nvmlUtilization_t;
typedef struct { unsigned long long total; unsigned long long free; unsigned long long used; } nvmlMemory_t;
typedef union {
    double dVal;
    int siVal;
    unsigned int uiVal;
    unsigned long ulVal;
    unsigned long long ullVal;
    long long sllVal;
    unsigned short usVal;
} nvmlValue_t;
typedef struct {
    unsigned int fieldId;
    unsigned int scopeId;
    long long timestamp;
    long long latencyUsec;
    unsigned int valueType;
    nvmlReturn_t nvmlReturn;
    nvmlValue_t value;
} nvmlFieldValue_t;

#define MAX_GPUS 16
#define MAX_MIGS 32
#define MAX_SEGMENTS 64
#define MAX_FAILS 16
#define MAX_RESETS 8
#define MAX_RETURNS 16
#define NAME_LEN 96
#define FN_LEN 64
#define GPU_TAG 0x47505521u
#define MIG_TAG 0x4d494721u

typedef struct { long long from_ms; double watts; } segment_t;
typedef struct { char function[FN_LEN]; long long from_ms; long long to_ms; int code; } fail_t;
typedef struct { char function[FN_LEN]; int code; } override_t;

typedef struct {
    unsigned int tag;
    char uuid[NAME_LEN];
    char name[NAME_LEN];
    unsigned int arch;
    unsigned int limit_mw;
    unsigned long long energy_start_mj;
    long long energy_step_ms;
    long long energy_frozen_ms; /* -1: counts all the time */
    long long power_average_ms;
    int field_return;
    long long lost_ms;
    unsigned int util_gpu, util_memory;
    unsigned long long memory_total, memory_used;
    segment_t segments[MAX_SEGMENTS];
    int segment_count;
    fail_t fails[MAX_FAILS];
    int fail_count;
    long long resets[MAX_RESETS];
    int reset_count;
    override_t returns[MAX_RETURNS];
    int return_count;
} gpu_t;

typedef struct {
    unsigned int tag;
    char uuid[NAME_LEN];
    char parent_uuid[NAME_LEN];
    int parent;
} mig_t;

static const char *const FUNCTIONS[] = {
    "nvmlInit_v2", "nvmlShutdown", "nvmlErrorString", "nvmlSystemGetDriverVersion", "nvmlDeviceGetCount_v2",
    "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByUUID", "nvmlDeviceGetName", "nvmlDeviceGetUUID",
    "nvmlDeviceGetIndex", "nvmlDeviceGetArchitecture", "nvmlDeviceGetTotalEnergyConsumption",
    "nvmlDeviceGetFieldValues", "nvmlDeviceGetPowerUsage", "nvmlDeviceGetEnforcedPowerLimit",
    "nvmlDeviceGetUtilizationRates", "nvmlDeviceGetMemoryInfo", "nvmlDeviceGetDeviceHandleFromMigDeviceHandle",
    "nvmlDeviceIsMigDeviceHandle",
};
#define FUNCTION_COUNT ((int) (sizeof FUNCTIONS / sizeof FUNCTIONS[0]))

static struct {
    int loaded;
    char driver[80];
    override_t returns[MAX_RETURNS];
    int return_count;
    gpu_t gpus[MAX_GPUS];
    int gpu_count;
    mig_t migs[MAX_MIGS];
    int mig_count;
    int refcount;
    int manual_clock;
    long long manual_ms;
    struct timespec origin;
    int calls[FUNCTION_COUNT];
    char error[256];
} S;

static const char DEMO[] =
    "driver 550.54.15\n"
    "gpu GPU-a1000000-0000-4000-8000-000000000001\n"
    "name NVIDIA A100-SXM4-80GB\n"
    "arch 7\n"
    "power_limit_w 400\n"
    "energy_step_ms 100\n"
    "power 0 300\n"
    "gpu GPU-b1000000-0000-4000-8000-000000000002\n"
    "name Tesla P100-PCIE-16GB\n"
    "arch 4\n"
    "power_limit_w 250\n"
    "return nvmlDeviceGetTotalEnergyConsumption 3\n"
    "field_return 3\n"
    "power 0 150\n";

/* ------------------------------------------------------------------------------------------------ */
/* clock, bookkeeping                                                                                */

static long long now_ms(void) {
    if (S.manual_clock) {
        return S.manual_ms;
    }
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) (ts.tv_sec - S.origin.tv_sec) * 1000LL + (ts.tv_nsec - S.origin.tv_nsec) / 1000000LL;
}

static void count_call(const char *function) {
    for (int i = 0; i < FUNCTION_COUNT; i++) {
        if (strcmp(FUNCTIONS[i], function) == 0) {
            S.calls[i]++;
            return;
        }
    }
}

static int find_override(const override_t *list, int count, const char *function, int *code) {
    for (int i = 0; i < count; i++) {
        if (strcmp(list[i].function, function) == 0) {
            *code = list[i].code;
            return 1;
        }
    }
    return 0;
}

static void reset_state(void) {
    memset(&S, 0, sizeof S);
    strcpy(S.driver, "550.54.15");
    clock_gettime(CLOCK_MONOTONIC, &S.origin);
}

/* ------------------------------------------------------------------------------------------------ */
/* scenario parsing                                                                                  */

static int fail_at(int line, const char *message) {
    snprintf(S.error, sizeof S.error, "line %d: %s", line, message);
    return line;
}

static void copy_text(char *dst, size_t size, const char *src) {
    snprintf(dst, size, "%s", src);
    size_t n = strlen(dst);
    while (n > 0 && (dst[n - 1] == ' ' || dst[n - 1] == '\t' || dst[n - 1] == '\r')) {
        dst[--n] = '\0';
    }
}

static gpu_t *new_gpu(const char *uuid) {
    gpu_t *g = &S.gpus[S.gpu_count++];
    memset(g, 0, sizeof *g);
    g->tag = GPU_TAG;
    copy_text(g->uuid, sizeof g->uuid, uuid);
    snprintf(g->name, sizeof g->name, "Fake GPU %d", S.gpu_count - 1);
    g->arch = 7;
    g->limit_mw = 300000;
    g->field_return = NVML_SUCCESS;
    g->lost_ms = -1;
    g->energy_frozen_ms = -1;
    g->memory_total = 16ULL << 30;
    return g;
}

static int parse_line(int line, char *text, gpu_t **current) {
    char *hash = strchr(text, '#');
    if (hash) {
        *hash = '\0';
    }
    char key[32];
    int consumed = 0;
    if (sscanf(text, " %31s %n", key, &consumed) != 1) {
        return 0; /* blank */
    }
    const char *rest = text + consumed;
    gpu_t *g = *current;
    char word[NAME_LEN];
    long long a, b;
    double watts;

    if (strcmp(key, "driver") == 0) {
        if (sscanf(rest, "%79s", S.driver) != 1) return fail_at(line, "driver needs a version");
    } else if (strcmp(key, "gpu") == 0) {
        if (S.gpu_count == MAX_GPUS) return fail_at(line, "too many GPUs");
        if (sscanf(rest, "%95s", word) != 1) return fail_at(line, "gpu needs a UUID");
        *current = new_gpu(word);
    } else if (strcmp(key, "mig") == 0) {
        if (S.mig_count == MAX_MIGS) return fail_at(line, "too many MIG devices");
        mig_t *m = &S.migs[S.mig_count];
        if (sscanf(rest, "%95s %95s", m->uuid, m->parent_uuid) != 2) return fail_at(line, "mig needs two UUIDs");
        m->tag = MIG_TAG;
        m->parent = -1;
        S.mig_count++;
    } else if (strcmp(key, "return") == 0) {
        override_t *list = g ? g->returns : S.returns;
        int *count = g ? &g->return_count : &S.return_count;
        if (*count == MAX_RETURNS) return fail_at(line, "too many return directives");
        if (sscanf(rest, "%63s %d", list[*count].function, &list[*count].code) != 2) {
            return fail_at(line, "return needs <function> <code>");
        }
        (*count)++;
    } else if (g == NULL) {
        return fail_at(line, "directive needs a preceding 'gpu <uuid>' line");
    } else if (strcmp(key, "name") == 0) {
        copy_text(g->name, sizeof g->name, rest);
    } else if (strcmp(key, "arch") == 0) {
        if (sscanf(rest, "%u", &g->arch) != 1) return fail_at(line, "arch needs a number");
    } else if (strcmp(key, "power_limit_w") == 0) {
        if (sscanf(rest, "%lf", &watts) != 1) return fail_at(line, "power_limit_w needs watts");
        g->limit_mw = (unsigned int) (watts * 1000.0 + 0.5);
    } else if (strcmp(key, "power") == 0) {
        if (g->segment_count == MAX_SEGMENTS) return fail_at(line, "too many power segments");
        if (sscanf(rest, "%lld %lf", &a, &watts) != 2) return fail_at(line, "power needs <from_ms> <watts>");
        if (g->segment_count > 0 && a <= g->segments[g->segment_count - 1].from_ms) {
            return fail_at(line, "power segments must be in ascending time");
        }
        g->segments[g->segment_count].from_ms = a;
        g->segments[g->segment_count].watts = watts;
        g->segment_count++;
    } else if (strcmp(key, "energy_start_mj") == 0) {
        if (sscanf(rest, "%llu", &g->energy_start_mj) != 1) return fail_at(line, "energy_start_mj needs a number");
    } else if (strcmp(key, "energy_frozen_ms") == 0) {
        if (sscanf(rest, "%lld", &g->energy_frozen_ms) != 1) return fail_at(line, "energy_frozen_ms needs a number");
    } else if (strcmp(key, "energy_step_ms") == 0) {
        if (sscanf(rest, "%lld", &g->energy_step_ms) != 1) return fail_at(line, "energy_step_ms needs a number");
    } else if (strcmp(key, "power_average_ms") == 0) {
        if (sscanf(rest, "%lld", &g->power_average_ms) != 1) return fail_at(line, "power_average_ms needs a number");
    } else if (strcmp(key, "field_return") == 0) {
        if (sscanf(rest, "%d", &g->field_return) != 1) return fail_at(line, "field_return needs a code");
    } else if (strcmp(key, "fail") == 0) {
        if (g->fail_count == MAX_FAILS) return fail_at(line, "too many fail directives");
        fail_t *f = &g->fails[g->fail_count];
        if (sscanf(rest, "%63s %lld %lld %d", f->function, &f->from_ms, &f->to_ms, &f->code) != 4) {
            return fail_at(line, "fail needs <function|*> <from_ms> <to_ms> <code>");
        }
        g->fail_count++;
    } else if (strcmp(key, "lost") == 0) {
        if (sscanf(rest, "%lld", &g->lost_ms) != 1) return fail_at(line, "lost needs <from_ms>");
    } else if (strcmp(key, "reset") == 0) {
        if (g->reset_count == MAX_RESETS) return fail_at(line, "too many resets");
        if (sscanf(rest, "%lld", &g->resets[g->reset_count]) != 1) return fail_at(line, "reset needs <at_ms>");
        g->reset_count++;
    } else if (strcmp(key, "utilization") == 0) {
        if (sscanf(rest, "%u %u", &g->util_gpu, &g->util_memory) != 2) return fail_at(line, "utilization needs two numbers");
    } else if (strcmp(key, "memory_mib") == 0) {
        if (sscanf(rest, "%lld %lld", &a, &b) != 2) return fail_at(line, "memory_mib needs <total> <used>");
        g->memory_total = (unsigned long long) a << 20;
        g->memory_used = (unsigned long long) b << 20;
    } else {
        return fail_at(line, "unknown directive");
    }
    return 0;
}

static int parse_text(const char *text) {
    reset_state();
    char *copy = strdup(text);
    if (copy == NULL) {
        snprintf(S.error, sizeof S.error, "out of memory");
        return -1;
    }
    gpu_t *current = NULL;
    int line = 0;
    int result = 0;
    /* split by hand: strtok would skip empty lines and so miscount them */
    char *p = copy;
    while (p != NULL && result == 0) {
        char *end = strchr(p, '\n');
        if (end) {
            *end = '\0';
        }
        line++;
        result = parse_line(line, p, &current);
        p = end ? end + 1 : NULL;
    }
    free(copy);
    if (result != 0) {
        char error[256];
        snprintf(error, sizeof error, "%s", S.error);
        reset_state();
        snprintf(S.error, sizeof S.error, "%s", error);
        return result;
    }
    for (int i = 0; i < S.mig_count; i++) {
        for (int j = 0; j < S.gpu_count; j++) {
            if (strcmp(S.migs[i].parent_uuid, S.gpus[j].uuid) == 0) {
                S.migs[i].parent = j;
            }
        }
        if (S.migs[i].parent < 0) {
            snprintf(S.error, sizeof S.error, "mig %s: no GPU %s", S.migs[i].uuid, S.migs[i].parent_uuid);
            reset_state();
            return -1;
        }
    }
    S.loaded = 1;
    return 0;
}

static int load_file(const char *path) {
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        reset_state();
        snprintf(S.error, sizeof S.error, "cannot read %s", path);
        return -1;
    }
    size_t capacity = 4096, size = 0;
    char *buffer = malloc(capacity);
    size_t n;
    while (buffer != NULL && (n = fread(buffer + size, 1, capacity - size - 1, f)) > 0) {
        size += n;
        if (capacity - size - 1 == 0) {
            char *bigger = realloc(buffer, capacity * 2);
            if (bigger == NULL) {
                free(buffer);
                buffer = NULL;
                break;
            }
            buffer = bigger;
            capacity *= 2;
        }
    }
    fclose(f);
    if (buffer == NULL) {
        reset_state();
        snprintf(S.error, sizeof S.error, "out of memory reading %s", path);
        return -1;
    }
    buffer[size] = '\0';
    int result = parse_text(buffer);
    free(buffer);
    return result;
}

__attribute__((unused)) static void ensure_loaded(void) {
    if (S.loaded) {
        return;
    }
    const char *path = getenv("FAKE_NVML_SCENARIO");
    if (path != NULL && path[0] != '\0') {
        if (load_file(path) != 0) {
            fprintf(stderr, "fake_nvml: %s; using the built-in demo scenario\n", S.error);
            parse_text(DEMO);
        }
    } else {
        parse_text(DEMO);
    }
}

/* ------------------------------------------------------------------------------------------------ */
/* scripted physics                                                                                  */

/* Energy in mJ drawn in [from, to) ms: watts x ms = mJ. */
static double integral_mj(const gpu_t *g, long long from, long long to) {
    double total = 0.0;
    for (int i = 0; i < g->segment_count; i++) {
        long long start = g->segments[i].from_ms;
        long long end = i + 1 < g->segment_count ? g->segments[i + 1].from_ms : to;
        if (start < from) start = from;
        if (end > to) end = to;
        if (end > start) {
            total += g->segments[i].watts * (double) (end - start);
        }
    }
    return total;
}

static double power_at(const gpu_t *g, long long t) {
    double watts = 0.0;
    for (int i = 0; i < g->segment_count && g->segments[i].from_ms <= t; i++) {
        watts = g->segments[i].watts;
    }
    return watts;
}

__attribute__((unused)) static unsigned long long counter_mj(const gpu_t *g, long long t) {
    long long base = 0;
    unsigned long long start = g->energy_start_mj;
    for (int i = 0; i < g->reset_count; i++) {
        if (g->resets[i] <= t && g->resets[i] >= base) {
            base = g->resets[i];
            start = 0;
        }
    }
    long long sampled = t;
    if (g->energy_step_ms > 0) {
        sampled = t / g->energy_step_ms * g->energy_step_ms;
        if (sampled < base) sampled = base;
    }
    if (g->energy_frozen_ms >= 0 && sampled > g->energy_frozen_ms) {
        sampled = g->energy_frozen_ms < base ? base : g->energy_frozen_ms;
    }
    return start + (unsigned long long) (integral_mj(g, base, sampled) + 0.5);
}

static double reported_power_w(const gpu_t *g, long long t) {
    if (g->power_average_ms > 0 && t > 0) {
        long long from = t - g->power_average_ms;
        if (from < 0) from = 0;
        return integral_mj(g, from, t) / (double) (t - from);
    }
    return power_at(g, t);
}

/* ------------------------------------------------------------------------------------------------ */
/* call checks                                                                                       */

static nvmlReturn_t check_global(const char *function) {
    count_call(function);
    int code;
    if (find_override(S.returns, S.return_count, function, &code)) {
        return code;
    }
    return S.refcount > 0 ? NVML_SUCCESS : NVML_ERROR_UNINITIALIZED;
}

static gpu_t *as_gpu(void *device) {
    gpu_t *g = device;
    return g != NULL && g >= S.gpus && g < S.gpus + S.gpu_count && g->tag == GPU_TAG ? g : NULL;
}

static mig_t *as_mig(void *device) {
    mig_t *m = device;
    return m != NULL && m >= S.migs && m < S.migs + S.mig_count && m->tag == MIG_TAG ? m : NULL;
}

static nvmlReturn_t check_device(const char *function, gpu_t *g) {
    nvmlReturn_t r = check_global(function);
    if (r != NVML_SUCCESS) {
        return r;
    }
    if (g == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    long long t = now_ms();
    if (g->lost_ms >= 0 && t >= g->lost_ms) {
        return NVML_ERROR_GPU_IS_LOST;
    }
    int code;
    if (find_override(g->returns, g->return_count, function, &code)) {
        return code;
    }
    for (int i = 0; i < g->fail_count; i++) {
        const fail_t *f = &g->fails[i];
        if ((strcmp(f->function, "*") == 0 || strcmp(f->function, function) == 0) && t >= f->from_ms && t < f->to_ms) {
            return f->code;
        }
    }
    return NVML_SUCCESS;
}

static nvmlReturn_t copy_string(char *dst, unsigned int length, const char *src) {
    if (dst == NULL) {
        return NVML_ERROR_INVALID_ARGUMENT;
    }
    if (strlen(src) + 1 > length) {
        return NVML_ERROR_INSUFFICIENT_SIZE;
    }
    strcpy(dst, src);
    return NVML_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------ */
/* NVML API                                                                                          */

#ifndef FAKE_NVML_NO_INIT
EXPORT nvmlReturn_t nvmlInit_v2(void) {
    ensure_loaded();
    count_call("nvmlInit_v2");
    int code;
    if (find_override(S.returns, S.return_count, "nvmlInit_v2", &code) && code != NVML_SUCCESS) {
        return code;
    }
    S.refcount++;
    return NVML_SUCCESS;
}
#endif

EXPORT nvmlReturn_t nvmlShutdown(void) {
    nvmlReturn_t r = check_global("nvmlShutdown");
    if (r == NVML_SUCCESS) {
        S.refcount--;
    }
    return r;
}

EXPORT const char *nvmlErrorString(nvmlReturn_t result) {
    count_call("nvmlErrorString");
    switch (result) {
        case 0: return "Success";
        case 1: return "Uninitialized";
        case 2: return "Invalid Argument";
        case 3: return "Not Supported";
        case 4: return "Insufficient Permissions";
        case 9: return "Driver Not Loaded";
        case 10: return "Timeout";
        case 15: return "GPU is lost";
        case 18: return "RM has detected an NVML/RM version mismatch.";
        case 27: return "System not ready";
        default: return "Unknown Error";
    }
}

EXPORT nvmlReturn_t nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    nvmlReturn_t r = check_global("nvmlSystemGetDriverVersion");
    return r != NVML_SUCCESS ? r : copy_string(version, length, S.driver);
}

EXPORT nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *deviceCount) {
    nvmlReturn_t r = check_global("nvmlDeviceGetCount_v2");
    if (r != NVML_SUCCESS) return r;
    if (deviceCount == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *deviceCount = (unsigned int) S.gpu_count;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int index, void **device) {
    nvmlReturn_t r = check_global("nvmlDeviceGetHandleByIndex_v2");
    if (r != NVML_SUCCESS) return r;
    if (device == NULL || index >= (unsigned int) S.gpu_count) return NVML_ERROR_INVALID_ARGUMENT;
    gpu_t *g = &S.gpus[index];
    int code;
    if (find_override(g->returns, g->return_count, "nvmlDeviceGetHandleByIndex_v2", &code) && code != NVML_SUCCESS) {
        return code;
    }
    *device = g;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetHandleByUUID(const char *uuid, void **device) {
    nvmlReturn_t r = check_global("nvmlDeviceGetHandleByUUID");
    if (r != NVML_SUCCESS) return r;
    if (uuid == NULL || device == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < S.gpu_count; i++) {
        if (strcmp(S.gpus[i].uuid, uuid) == 0) {
            *device = &S.gpus[i];
            return NVML_SUCCESS;
        }
    }
    for (int i = 0; i < S.mig_count; i++) {
        if (strcmp(S.migs[i].uuid, uuid) == 0) {
            *device = &S.migs[i];
            return NVML_SUCCESS;
        }
    }
    return NVML_ERROR_NOT_FOUND;
}

EXPORT nvmlReturn_t nvmlDeviceGetDeviceHandleFromMigDeviceHandle(void *migDevice, void **device) {
    nvmlReturn_t r = check_global("nvmlDeviceGetDeviceHandleFromMigDeviceHandle");
    if (r != NVML_SUCCESS) return r;
    mig_t *m = as_mig(migDevice);
    if (m == NULL || device == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &S.gpus[m->parent];
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceIsMigDeviceHandle(void *device, unsigned int *isMigDevice) {
    nvmlReturn_t r = check_global("nvmlDeviceIsMigDeviceHandle");
    if (r != NVML_SUCCESS) return r;
    if (isMigDevice == NULL || (as_mig(device) == NULL && as_gpu(device) == NULL)) return NVML_ERROR_INVALID_ARGUMENT;
    *isMigDevice = as_mig(device) != NULL;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetName(void *device, char *name, unsigned int length) {
    mig_t *m = as_mig(device);
    if (m != NULL) {
        nvmlReturn_t r = check_global("nvmlDeviceGetName");
        return r != NVML_SUCCESS ? r : copy_string(name, length, "Fake MIG device");
    }
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetName", g);
    return r != NVML_SUCCESS ? r : copy_string(name, length, g->name);
}

EXPORT nvmlReturn_t nvmlDeviceGetUUID(void *device, char *uuid, unsigned int length) {
    mig_t *m = as_mig(device);
    if (m != NULL) {
        nvmlReturn_t r = check_global("nvmlDeviceGetUUID");
        return r != NVML_SUCCESS ? r : copy_string(uuid, length, m->uuid);
    }
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetUUID", g);
    return r != NVML_SUCCESS ? r : copy_string(uuid, length, g->uuid);
}

EXPORT nvmlReturn_t nvmlDeviceGetIndex(void *device, unsigned int *index) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetIndex", g);
    if (r != NVML_SUCCESS) return r;
    if (index == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *index = (unsigned int) (g - S.gpus);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetArchitecture(void *device, unsigned int *arch) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetArchitecture", g);
    if (r != NVML_SUCCESS) return r;
    if (arch == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *arch = g->arch;
    return NVML_SUCCESS;
}

#ifndef FAKE_NVML_LEGACY
EXPORT nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(void *device, unsigned long long *energy) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetTotalEnergyConsumption", g);
    if (r != NVML_SUCCESS) return r;
    if (energy == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *energy = counter_mj(g, now_ms());
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetFieldValues(void *device, int valuesCount, nvmlFieldValue_t *values) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetFieldValues", g);
    if (r != NVML_SUCCESS) return r;
    if (values == NULL || valuesCount < 0) return NVML_ERROR_INVALID_ARGUMENT;
    long long t = now_ms();
    for (int i = 0; i < valuesCount; i++) {
        nvmlFieldValue_t *v = &values[i];
        v->timestamp = t * 1000LL;
        v->latencyUsec = 0;
        if (v->fieldId != NVML_FI_DEV_POWER_INSTANT) {
            v->nvmlReturn = NVML_ERROR_NOT_SUPPORTED;
            continue;
        }
        v->nvmlReturn = g->field_return;
        if (g->field_return == NVML_SUCCESS) {
            v->valueType = NVML_VALUE_TYPE_UNSIGNED_INT;
            v->value.ullVal = 0;
            v->value.uiVal = (unsigned int) (power_at(g, t) * 1000.0 + 0.5);
        }
    }
    return NVML_SUCCESS;
}
#endif

EXPORT nvmlReturn_t nvmlDeviceGetPowerUsage(void *device, unsigned int *power) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetPowerUsage", g);
    if (r != NVML_SUCCESS) return r;
    if (power == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *power = (unsigned int) (reported_power_w(g, now_ms()) * 1000.0 + 0.5);
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetEnforcedPowerLimit(void *device, unsigned int *limit) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetEnforcedPowerLimit", g);
    if (r != NVML_SUCCESS) return r;
    if (limit == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    *limit = g->limit_mw;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetUtilizationRates(void *device, nvmlUtilization_t *utilization) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetUtilizationRates", g);
    if (r != NVML_SUCCESS) return r;
    if (utilization == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    utilization->gpu = g->util_gpu;
    utilization->memory = g->util_memory;
    return NVML_SUCCESS;
}

EXPORT nvmlReturn_t nvmlDeviceGetMemoryInfo(void *device, nvmlMemory_t *memory) {
    gpu_t *g = as_gpu(device);
    nvmlReturn_t r = check_device("nvmlDeviceGetMemoryInfo", g);
    if (r != NVML_SUCCESS) return r;
    if (memory == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    memory->total = g->memory_total;
    memory->used = g->memory_used;
    memory->free = g->memory_total - g->memory_used;
    return NVML_SUCCESS;
}

/* ------------------------------------------------------------------------------------------------ */
/* test control                                                                                      */

EXPORT int fakeNvmlLoadScenario(const char *path) {
    return path == NULL ? -1 : load_file(path);
}

EXPORT int fakeNvmlLoadScenarioText(const char *text) {
    return text == NULL ? -1 : parse_text(text);
}

EXPORT void fakeNvmlSetTimeMs(long long ms) {
    S.manual_clock = 1;
    S.manual_ms = ms;
}

EXPORT long long fakeNvmlTimeMs(void) {
    return now_ms();
}

EXPORT int fakeNvmlCallCount(const char *function) {
    for (int i = 0; function != NULL && i < FUNCTION_COUNT; i++) {
        if (strcmp(FUNCTIONS[i], function) == 0) {
            return S.calls[i];
        }
    }
    return -1;
}

EXPORT int fakeNvmlInitRefCount(void) {
    return S.refcount;
}

EXPORT const char *fakeNvmlLastError(void) {
    return S.error;
}

EXPORT long fakeNvmlLayout(const char *what) {
    static const struct { const char *name; long value; } LAYOUT[] = {
        {"sizeof nvmlFieldValue_t", (long) sizeof(nvmlFieldValue_t)},
        {"offsetof nvmlFieldValue_t.fieldId", (long) offsetof(nvmlFieldValue_t, fieldId)},
        {"offsetof nvmlFieldValue_t.scopeId", (long) offsetof(nvmlFieldValue_t, scopeId)},
        {"offsetof nvmlFieldValue_t.timestamp", (long) offsetof(nvmlFieldValue_t, timestamp)},
        {"offsetof nvmlFieldValue_t.latencyUsec", (long) offsetof(nvmlFieldValue_t, latencyUsec)},
        {"offsetof nvmlFieldValue_t.valueType", (long) offsetof(nvmlFieldValue_t, valueType)},
        {"offsetof nvmlFieldValue_t.nvmlReturn", (long) offsetof(nvmlFieldValue_t, nvmlReturn)},
        {"offsetof nvmlFieldValue_t.value", (long) offsetof(nvmlFieldValue_t, value)},
        {"sizeof nvmlValue_t", (long) sizeof(nvmlValue_t)},
        {"sizeof nvmlMemory_t", (long) sizeof(nvmlMemory_t)},
        {"offsetof nvmlMemory_t.free", (long) offsetof(nvmlMemory_t, free)},
        {"offsetof nvmlMemory_t.used", (long) offsetof(nvmlMemory_t, used)},
        {"sizeof nvmlUtilization_t", (long) sizeof(nvmlUtilization_t)},
        {"offsetof nvmlUtilization_t.memory", (long) offsetof(nvmlUtilization_t, memory)},
    };
    for (size_t i = 0; what != NULL && i < sizeof LAYOUT / sizeof LAYOUT[0]; i++) {
        if (strcmp(LAYOUT[i].name, what) == 0) {
            return LAYOUT[i].value;
        }
    }
    return -1;
}
