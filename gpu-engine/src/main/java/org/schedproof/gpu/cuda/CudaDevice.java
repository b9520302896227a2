package org.schedproof.gpu.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuInit;

import jcuda.driver.JCudaDriver;

/** Whether this machine can run the kernels: JCuda's driver library loads, the driver initializes, a device exists. */
public final class CudaDevice {
    private static String whyNot;
    private static boolean probed;

    private CudaDevice() {}

    /** Null when a CUDA device is usable, else a reason that begins with "no CUDA device". */
    public static synchronized String unavailableReason() {
        if (!probed) {
            probed = true;
            try {
                JCudaDriver.setExceptionsEnabled(true);
                cuInit(0);
                int[] count = new int[1];
                cuDeviceGetCount(count);
                whyNot = count[0] > 0 ? null : "no CUDA device: the driver reports none";
            } catch (Throwable t) { // UnsatisfiedLinkError without libcuda.so.1, CudaException without a device
                whyNot = "no CUDA device: " + brief(t);
            }
        }
        return whyNot;
    }

    /** The first line of what went wrong, and the missing driver library if that was it (JCuda nests long traces). */
    private static String brief(Throwable t) {
        String m = String.valueOf(t.getMessage());
        String first = t.getClass().getSimpleName() + ": " + m.lines().findFirst().orElse("");
        return m.contains("libcuda.so.1") ? first + " (libcuda.so.1, the NVIDIA driver, is not installed)" : first;
    }

    public static boolean available() {
        return unavailableReason() == null;
    }
}
