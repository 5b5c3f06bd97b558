package tinysns.bench.harness;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a process has spent so far: CPU time, write and read system calls, bytes allocated on its heap.
 * Read from inside the process; differences between two readings, divided by the calls made in between, give the
 * cost of one call. A figure the platform cannot give is -1.
 *
 * @param writeSyscalls write/writev calls, from {@code /proc/self/io} (Linux); sockets are written with these
 * @param readSyscalls  read/readv calls, the same way
 */
public record ProcessCosts(long cpuNanos, long writeSyscalls, long readSyscalls, long allocatedBytes) {

    private static final Path PROC_IO = Path.of("/proc/self/io");

    public static ProcessCosts ofThisProcess() {
        long[] io = readProcIo();
        return new ProcessCosts(readCpuNanos(), io[0], io[1], readAllocatedBytes());
    }

    /** {@code later - this}, field by field; -1 stays -1. */
    public ProcessCosts until(ProcessCosts later) {
        return new ProcessCosts(diff(cpuNanos, later.cpuNanos), diff(writeSyscalls, later.writeSyscalls),
                diff(readSyscalls, later.readSyscalls), diff(allocatedBytes, later.allocatedBytes));
    }

    /** One line, for the control channel between the benchmark and a server process. */
    public String encode() {
        return cpuNanos + " " + writeSyscalls + " " + readSyscalls + " " + allocatedBytes;
    }

    public static ProcessCosts decode(String line) {
        String[] f = line.trim().split(" ");
        return new ProcessCosts(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]));
    }

    private static long diff(long before, long after) {
        return before < 0 || after < 0 ? -1 : after - before;
    }

    private static long readCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Bytes allocated by the live threads; the threads that serve the load live for the whole run. */
    private static long readAllocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            long total = 0;
            for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
                if (bytes > 0) {
                    total += bytes;
                }
            }
            return total;
        }
        return -1;
    }

    private static long[] readProcIo() {
        long writes = -1;
        long reads = -1;
        try {
            for (String line : Files.readAllLines(PROC_IO)) {
                if (line.startsWith("syscw:")) {
                    writes = Long.parseLong(line.substring(6).trim());
                } else if (line.startsWith("syscr:")) {
                    reads = Long.parseLong(line.substring(6).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or /proc not mounted: the syscall columns stay -1.
        }
        return new long[] {writes, reads};
    }
}
