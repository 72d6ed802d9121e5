/*
 * An NVML reader for scripts/gpu-validate.sh that shares nothing with the tracker: its own dlopen of the driver's
 * libnvidia-ml.so.1, its own nvmlInit_v2, C instead of Java and JNA. It prints one CSV line per period:
 *
 *   <wall-clock seconds since the epoch, CLOCK_REALTIME>,<energy counter, mJ>,<power, mW>
 *
 * energy is nvmlDeviceGetTotalEnergyConsumption (Volta and newer; "NA" where the GPU has no counter), power is
 * nvmlDeviceGetPowerUsage ("NA" when refused). The wall clock is the one the tracker's report times (startTime,
 * endTime) are in, so the script can read the counter at the tracker's start and end by interpolation.
 *
 * Build (scripts/gpu-validate.sh build does it): cc -O2 -o gpu-energy gpu-energy.c -ldl. No NVML header or
 * library is needed at build time: the few functions used are declared here, as the NVML API documents them.
 *
 * Usage: gpu-energy --gpu <UUID or NVML index> [--period-ms P] [--count N]
 *   P: sampling period in milliseconds (default 200); N: lines to print, 0 (default) for until killed.
 * Errors: one line on stderr naming the NVML function and its error string; status 1. Bad arguments: status 2.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef void *nvmlDevice_t;
typedef int nvmlReturn_t; /* NVML_SUCCESS = 0 */

static nvmlReturn_t (*nvmlInit_v2)(void);
static nvmlReturn_t (*nvmlShutdown)(void);
static const char *(*nvmlErrorString)(nvmlReturn_t);
static nvmlReturn_t (*nvmlDeviceGetHandleByUUID)(const char *, nvmlDevice_t *);
static nvmlReturn_t (*nvmlDeviceGetHandleByIndex_v2)(unsigned int, nvmlDevice_t *);
static nvmlReturn_t (*nvmlDeviceGetTotalEnergyConsumption)(nvmlDevice_t, unsigned long long *);
static nvmlReturn_t (*nvmlDeviceGetPowerUsage)(nvmlDevice_t, unsigned int *);

static volatile sig_atomic_t stop;

static void on_signal(int signal_number) {
    (void) signal_number;
    stop = 1;
}

static void *symbol(void *library, const char *name) {
    void *address = dlsym(library, name);
    if (address == NULL) {
        fprintf(stderr, "gpu-energy: libnvidia-ml.so.1 has no %s\n", name);
        exit(1);
    }
    return address;
}

static void usage(const char *message) {
    fprintf(stderr, "gpu-energy: %s\nusage: gpu-energy --gpu <UUID or NVML index> [--period-ms P] [--count N]\n",
            message);
    exit(2);
}

static long parse_long(const char *name, const char *text, long min) {
    char *end = NULL;
    errno = 0;
    long value = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || value < min) {
        char message[256];
        snprintf(message, sizeof message, "%s must be an integer >= %ld, but was '%s'", name, min, text);
        usage(message);
    }
    return value;
}

int main(int argc, char **argv) {
    const char *gpu = NULL;
    long period_ms = 200;
    long count = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--gpu") == 0 && i + 1 < argc) {
            gpu = argv[++i];
        } else if (strcmp(argv[i], "--period-ms") == 0 && i + 1 < argc) {
            period_ms = parse_long("--period-ms", argv[++i], 1);
        } else if (strcmp(argv[i], "--count") == 0 && i + 1 < argc) {
            count = parse_long("--count", argv[++i], 0);
        } else {
            char message[256];
            snprintf(message, sizeof message, "unknown or incomplete argument '%s'", argv[i]);
            usage(message);
        }
    }
    if (gpu == NULL || gpu[0] == '\0') {
        usage("--gpu is required");
    }

    void *library = dlopen("libnvidia-ml.so.1", RTLD_NOW);
    if (library == NULL) {
        fprintf(stderr, "gpu-energy: cannot load libnvidia-ml.so.1: %s\n", dlerror());
        return 1;
    }
    nvmlInit_v2 = symbol(library, "nvmlInit_v2");
    nvmlShutdown = symbol(library, "nvmlShutdown");
    nvmlErrorString = symbol(library, "nvmlErrorString");
    nvmlDeviceGetHandleByUUID = symbol(library, "nvmlDeviceGetHandleByUUID");
    nvmlDeviceGetHandleByIndex_v2 = symbol(library, "nvmlDeviceGetHandleByIndex_v2");
    nvmlDeviceGetTotalEnergyConsumption = dlsym(library, "nvmlDeviceGetTotalEnergyConsumption");
    nvmlDeviceGetPowerUsage = symbol(library, "nvmlDeviceGetPowerUsage");

    nvmlReturn_t status = nvmlInit_v2();
    if (status != 0) {
        fprintf(stderr, "gpu-energy: nvmlInit_v2: %s\n", nvmlErrorString(status));
        return 1;
    }
    nvmlDevice_t device;
    char *end = NULL;
    unsigned long index = strtoul(gpu, &end, 10);
    status = (end != gpu && *end == '\0') ? nvmlDeviceGetHandleByIndex_v2((unsigned int) index, &device)
                                          : nvmlDeviceGetHandleByUUID(gpu, &device);
    if (status != 0) {
        fprintf(stderr, "gpu-energy: no GPU '%s': %s\n", gpu, nvmlErrorString(status));
        nvmlShutdown();
        return 1;
    }

    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_signal;
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGINT, &action, NULL);

    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (long line = 0; !stop && (count == 0 || line < count); line++) {
        struct timespec now;
        clock_gettime(CLOCK_REALTIME, &now);
        unsigned long long energy_mj = 0;
        unsigned int power_mw = 0;
        nvmlReturn_t energy_status = nvmlDeviceGetTotalEnergyConsumption == NULL
                ? 13 /* NVML_ERROR_FUNCTION_NOT_FOUND */ : nvmlDeviceGetTotalEnergyConsumption(device, &energy_mj);
        nvmlReturn_t power_status = nvmlDeviceGetPowerUsage(device, &power_mw);
        char energy[32] = "NA";
        char power[32] = "NA";
        if (energy_status == 0) {
            snprintf(energy, sizeof energy, "%llu", energy_mj);
        }
        if (power_status == 0) {
            snprintf(power, sizeof power, "%u", power_mw);
        }
        printf("%lld.%09ld,%s,%s\n", (long long) now.tv_sec, now.tv_nsec, energy, power);
        fflush(stdout);
        next.tv_nsec += (period_ms % 1000) * 1000000L;
        next.tv_sec += period_ms / 1000 + next.tv_nsec / 1000000000L;
        next.tv_nsec %= 1000000000L;
        if (count == 0 || line + 1 < count) {
            while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
            }
        }
    }
    nvmlShutdown();
    return 0;
}
