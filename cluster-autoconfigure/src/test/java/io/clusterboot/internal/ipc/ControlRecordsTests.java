package io.clusterboot.internal.ipc;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.clusterboot.status.BootCacheState;
import io.clusterboot.status.ClusterStatus;
import io.clusterboot.status.SlotState;
import io.clusterboot.status.UpgradeState;
import io.clusterboot.status.WorkerState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ControlRecords}.
 *
 * @author ClusterBoot team
 */
class ControlRecordsTests {

	private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

	@Test
	void statusShouldCrossTheControlChannelUnchanged() throws Exception {
		ClusterStatus status = new ClusterStatus(
				new ClusterStatus.Master(9, Duration.ofMillis(1500), "127.0.0.1:8080", "127.0.0.1:8081", "SHARED", null,
						2, false, null, 900L),
				new ClusterStatus.Workers(2, 1, 2, 0, 8, 3), null, new ClusterStatus.Reloads(1, 0, 1, 900),
				List.of(new ClusterStatus.Slot(1, 2, SlotState.ERRORED, 3, new ClusterStatus.Exit(137, 9, AT), AT,
						List.of("a", "b"))),
				List.of(new ClusterStatus.Worker(1, 4, 1004, 2, WorkerState.DRAINING, Duration.ofSeconds(3), 3, null,
						null, null, null, null, null, null, null, null, null),
						new ClusterStatus.Worker(2, 5, 1005, 2, WorkerState.READY, Duration.ofSeconds(9), 0, null, AT, 1L,
								1L, 0.5, 4L, 9L, true, new ClusterStatus.RequestThreads(4, 4, true), null)),
				new ClusterStatus.BootCache(BootCacheState.UNAVAILABLE, "read-only", "AOT", null),
				new ClusterStatus.Settings(1, 2, 8, 2, Duration.ofSeconds(60), Duration.ofSeconds(10),
						Duration.ofSeconds(30), 1, 0, List.of("-Xmx256m")),
				new ClusterStatus.Upgrade(1, UpgradeState.FAILED, 77L, AT, AT, "exited with code 1"),
				new ClusterStatus.Sessions(3, 3072, 1048576, 1024, 1, 2, 4));
		Object value = ControlRecords.toValue(status);
		byte[] json = ControlJson.write(value);
		assertThat(ControlRecords.fromValue(ControlJson.read(json), ClusterStatus.class)).isEqualTo(status);
	}

	@Test
	void recordShouldBecomeAMapOfItsComponentsInOrder() {
		Object value = ControlRecords.toValue(new ClusterStatus.Exit(143, 15, AT));
		assertThat(value).isEqualTo(map("code", 143, "signal", 15, "at", "2026-12-02T10:00:00Z"));
		assertThat(((Map<?, ?>) value).keySet()).extracting(Object::toString).containsExactly("code", "signal", "at");
	}

	@Test
	void durationAndEnumShouldBeTheirText() {
		assertThat(ControlRecords.toValue(Duration.ofSeconds(90))).isEqualTo("PT1M30S");
		assertThat(ControlRecords.toValue(WorkerState.READY)).isEqualTo("READY");
	}

	@Test
	void otherObjectsShouldBeRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> ControlRecords.toValue(new Object()))
			.withMessageContaining("java.lang.Object");
	}

	@Test
	void missingNonPrimitiveComponentsShouldReadAsNullAndUnknownValuesBeIgnored() throws Exception {
		ClusterStatus.Exit exit = ControlRecords.fromValue(map("code", 1L, "extra", "x"), ClusterStatus.Exit.class);
		assertThat(exit).isEqualTo(new ClusterStatus.Exit(1, null, null));
	}

	@Test
	void malformedValuesShouldBeRefusedWithThePathOfTheValue() {
		assertMalformed(map("signal", 1L), "Exit.code is missing");
		assertMalformed(map("code", "one"), "Exit.code is not a int");
		assertMalformed(map("code", 1.5), "Exit.code is not a whole number");
		assertMalformed(map("code", 1L << 40), "Exit.code is out of range");
		assertMalformed(map("code", 1L, "at", "yesterday"), "Exit.at is not a valid Instant: 'yesterday'");
		assertMalformed("not an object", "Exit is not an object");
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> ControlRecords.fromValue(map("slot", 1L, "generation", 1L, "state", "BROKEN",
					"restarts", 0L, "lastOutput", List.of()), ClusterStatus.Slot.class))
			.withMessage("Slot.state is not a valid SlotState: 'BROKEN'");
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> ControlRecords.fromValue(map("slot", 1L, "generation", 1L, "state", "OK", "restarts",
					0L, "lastOutput", List.of(1L)), ClusterStatus.Slot.class))
			.withMessage("Slot.lastOutput[0] is not a String");
	}

	private static void assertMalformed(Object value, String message) {
		assertThatExceptionOfType(MalformedMessageException.class)
			.isThrownBy(() -> ControlRecords.fromValue(value, ClusterStatus.Exit.class))
			.withMessageStartingWith(message);
	}

	private static Map<String, Object> map(Object... namesAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			map.put((String) namesAndValues[i], namesAndValues[i + 1]);
		}
		return map;
	}

}
