package io.clusterboot.internal.master;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.clusterboot.internal.posix.Posix;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the memory that the master's start-up used back to the operating system. The
 * master never builds the application context, yet its heap stays as large as reading
 * the configuration and starting the logging made it (G1 on a large machine: over
 * 100 MB resident for about 10 MB that is live), and glibc keeps the native memory that
 * was freed. A full GC with the heap's free ratios lowered for its duration shrinks the
 * heap to what is live, and {@code malloc_trim} returns free native memory.
 * <p>
 * The free ratios are manageable flags of this JVM only: workers are started with the
 * master's command line, not its runtime settings, and keep the JVM's defaults. Where the
 * flags cannot be set, or glibc or JNA is missing, that part is skipped.
 *
 * @author ClusterBoot team
 */
final class MasterMemory {

	private static final Logger logger = LoggerFactory.getLogger(MasterMemory.class);

	static final String MIN_HEAP_FREE_RATIO = "MinHeapFreeRatio";

	static final String MAX_HEAP_FREE_RATIO = "MaxHeapFreeRatio";

	private static final String TRIM_MAX_HEAP_FREE_RATIO = "10";

	private MasterMemory() {
	}

	/**
	 * Shrinks the heap to what is live and returns free native memory to the operating
	 * system.
	 */
	static void trim() {
		long before = logger.isDebugEnabled() ? residentKilobytes() : -1;
		try {
			collectAndShrinkHeap();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not shrink the heap", ex);
		}
		if (Posix.isAvailable()) {
			Posix.mallocTrim();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Trimmed the master's memory: resident {} KB before, {} KB after", before,
					residentKilobytes());
		}
	}

	private static void collectAndShrinkHeap() {
		HotSpotDiagnosticMXBean hotSpot = hotSpot();
		if (hotSpot == null) {
			System.gc();
			return;
		}
		String min = hotSpot.getVMOption(MIN_HEAP_FREE_RATIO).getValue();
		String max = hotSpot.getVMOption(MAX_HEAP_FREE_RATIO).getValue();
		try {
			// in this order: the minimum may never exceed the maximum
			hotSpot.setVMOption(MIN_HEAP_FREE_RATIO, "0");
			hotSpot.setVMOption(MAX_HEAP_FREE_RATIO, TRIM_MAX_HEAP_FREE_RATIO);
			System.gc();
		}
		finally {
			hotSpot.setVMOption(MAX_HEAP_FREE_RATIO, max);
			hotSpot.setVMOption(MIN_HEAP_FREE_RATIO, min);
		}
	}

	static HotSpotDiagnosticMXBean hotSpot() {
		try {
			HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
			if (hotSpot != null && hotSpot.getVMOption(MIN_HEAP_FREE_RATIO).isWriteable()
					&& hotSpot.getVMOption(MAX_HEAP_FREE_RATIO).isWriteable()) {
				return hotSpot;
			}
		}
		catch (RuntimeException | LinkageError ex) {
			// not HotSpot
		}
		return null;
	}

	/**
	 * Returns the resident set size of this process.
	 * @return kilobytes, -1 where {@code /proc} does not tell
	 */
	static long residentKilobytes() {
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
				if (line.startsWith("VmRSS:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// not Linux
		}
		return -1;
	}

}
