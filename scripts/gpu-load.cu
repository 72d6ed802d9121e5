// A steady GPU load for scripts/gpu-validate.sh: fused multiply-adds in registers on every SM, kernel after
// kernel, for a fixed wall-clock duration. The power it draws is near the board's limit and flat once the clocks
// have settled, so an energy measured over any window inside the run can be compared with another one.
//
// Build (scripts/gpu-validate.sh build does it): nvcc -O2 -cudart static -o gpu-load gpu-load.cu (plus -gencode
// flags for each architecture). With the CUDA runtime linked statically, the program needs only the NVIDIA driver
// (libcuda.so.1) on the GPU machine, in a version that supports the toolkit it was built with (see
// docs/validation.md).
//
// Usage: gpu-load --seconds S [--device N]
//   S: how long to run, in seconds (> 0); N: CUDA device index, default 0 (set CUDA_VISIBLE_DEVICES=<GPU UUID> to
//   pick a GPU by its identity, as gpu-validate.sh does).
// Output (stdout, one line each): "gpu-load: running on <name> ..." once the first kernel has completed, then
// "gpu-load: done ..." with the kernel count and the achieved rate. Any CUDA error: one line on stderr, status 1.
// Bad arguments: one line naming the argument and quoting the value, status 2.
#include <cuda_runtime.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace {

constexpr int kThreadsPerBlock = 256;
constexpr int kBlocksPerSm = 8;
constexpr int kIterationsPerKernel = 1 << 16;  // about 10-50 ms per kernel on current GPUs

__global__ void fmaLoad(float* out, int iterations, float seed) {
    float a = seed + threadIdx.x * 1e-7f;
    float b = 1.0f - a * 1e-3f;
    float c = 0.5f + a;
    float d = 0.25f - a;
    for (int i = 0; i < iterations; i++) {
        a = fmaf(a, b, c);
        b = fmaf(b, c, d);
        c = fmaf(c, d, a);
        d = fmaf(d, a, b);
    }
    // Stored only so that the compiler keeps the loop: the value is never read.
    out[blockIdx.x * blockDim.x + threadIdx.x] = a + b + c + d;
}

void check(cudaError_t status, const char* what) {
    if (status == cudaSuccess) {
        return;
    }
    if (status == cudaErrorInsufficientDriver) {
        std::fprintf(stderr, "gpu-load: %s: %s: the NVIDIA driver is older than this program's CUDA runtime (%d.%d)"
                     " needs; see docs/validation.md for the driver required\n", what, cudaGetErrorString(status),
                     CUDART_VERSION / 1000, (CUDART_VERSION % 1000) / 10);
    } else if (status == cudaErrorNoKernelImageForDevice || status == cudaErrorUnsupportedPtxVersion) {
        std::fprintf(stderr, "gpu-load: %s: %s: this GPU's architecture is not among those gpu-load was built for"
                     " (see docs/validation.md)\n", what, cudaGetErrorString(status));
    } else {
        std::fprintf(stderr, "gpu-load: %s: %s\n", what, cudaGetErrorString(status));
    }
    std::exit(1);
}

[[noreturn]] void usage(const char* message) {
    std::fprintf(stderr, "gpu-load: %s\nusage: gpu-load --seconds S [--device N]\n", message);
    std::exit(2);
}

double parsePositive(const char* name, const char* text) {
    char* end = nullptr;
    errno = 0;
    double value = std::strtod(text, &end);
    if (errno != 0 || end == text || *end != '\0' || !(value > 0) || !std::isfinite(value)) {
        char message[256];
        std::snprintf(message, sizeof message, "%s must be a positive number, but was '%s'", name, text);
        usage(message);
    }
    return value;
}

}  // namespace

int main(int argc, char** argv) {
    double seconds = -1;
    int device = 0;
    for (int i = 1; i < argc; i++) {
        if (std::strcmp(argv[i], "--seconds") == 0 && i + 1 < argc) {
            seconds = parsePositive("--seconds", argv[++i]);
        } else if (std::strcmp(argv[i], "--device") == 0 && i + 1 < argc) {
            const char* text = argv[++i];
            char* end = nullptr;
            long value = std::strtol(text, &end, 10);
            if (end == text || *end != '\0' || value < 0 || value > 1024) {
                char message[256];
                std::snprintf(message, sizeof message, "--device must be a device index >= 0, but was '%s'", text);
                usage(message);
            }
            device = static_cast<int>(value);
        } else {
            char message[256];
            std::snprintf(message, sizeof message, "unknown or incomplete argument '%s'", argv[i]);
            usage(message);
        }
    }
    if (seconds < 0) {
        usage("--seconds is required");
    }

    int driverVersion = 0;
    check(cudaDriverGetVersion(&driverVersion), "cudaDriverGetVersion");
    if (driverVersion == 0) {
        std::fprintf(stderr, "gpu-load: no NVIDIA driver (cudaDriverGetVersion = 0)\n");
        return 1;
    }
    check(cudaSetDevice(device), "cudaSetDevice");
    cudaDeviceProp properties;
    check(cudaGetDeviceProperties(&properties, device), "cudaGetDeviceProperties");
    int blocks = properties.multiProcessorCount * kBlocksPerSm;
    float* out = nullptr;
    check(cudaMalloc(&out, sizeof(float) * blocks * kThreadsPerBlock), "cudaMalloc");

    using Clock = std::chrono::steady_clock;
    const Clock::time_point start = Clock::now();
    const Clock::time_point until = start + std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(seconds));
    long kernels = 0;
    bool announced = false;
    while (Clock::now() < until) {
        fmaLoad<<<blocks, kThreadsPerBlock>>>(out, kIterationsPerKernel, static_cast<float>(kernels % 7));
        check(cudaGetLastError(), "kernel launch");
        check(cudaDeviceSynchronize(), "kernel");
        kernels++;
        if (!announced) {
            std::printf("gpu-load: running on %s (compute capability %d.%d, %d SMs, driver CUDA %d.%d) for %.1f s\n",
                        properties.name, properties.major, properties.minor, properties.multiProcessorCount,
                        driverVersion / 1000, (driverVersion % 1000) / 10, seconds);
            std::fflush(stdout);
            announced = true;
        }
    }
    double elapsedSeconds = std::chrono::duration<double>(Clock::now() - start).count();
    // 4 FMAs per iteration, 2 floating-point operations each.
    double flops = 8.0 * kIterationsPerKernel * static_cast<double>(blocks) * kThreadsPerBlock * kernels;
    std::printf("gpu-load: done, %ld kernels in %.2f s, %.0f GFLOP/s\n", kernels, elapsedSeconds,
                flops / elapsedSeconds / 1e9);
    check(cudaFree(out), "cudaFree");
    return 0;
}
