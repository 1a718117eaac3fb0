package io.clusterboot.internal.master;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerOutput}'s rule for relayed lines.
 *
 * @author ClusterBoot team
 */
class WorkerOutputTests {

	private static final String PREFIX = "[worker 2 pid 18403] ";

	@Test
	void jsonObjectLinesShouldPassAsTheyAre() {
		String ecs = "{\"@timestamp\":\"2026-12-07T18:22:00Z\",\"log\":{\"level\":\"INFO\"},"
				+ "\"cluster\":{\"worker\":{\"slot\":\"2\"}},\"message\":\"hello\"}";
		assertThat(WorkerOutput.relayed(PREFIX, ecs)).isEqualTo(ecs);
		assertThat(WorkerOutput.relayed(PREFIX, "  {\"a\":1}\r")).isEqualTo("  {\"a\":1}\r");
	}

	@Test
	void plainLinesShouldKeepThePrefix() {
		assertThat(WorkerOutput.relayed(PREFIX, "2026-12-07 INFO [worker 2 #3] Started"))
			.isEqualTo(PREFIX + "2026-12-07 INFO [worker 2 #3] Started");
		assertThat(WorkerOutput.relayed(PREFIX, "")).isEqualTo(PREFIX);
	}

	@Test
	void onlyWholeObjectsShouldBeJson() {
		assertThat(WorkerOutput.isJsonObject("{}")).isTrue();
		assertThat(WorkerOutput.isJsonObject("{\"message\":\"a }\"}")).isTrue();
		assertThat(WorkerOutput.isJsonObject("{")).isFalse();
		assertThat(WorkerOutput.isJsonObject(" } ")).isFalse();
		assertThat(WorkerOutput.isJsonObject("[1,2]")).isFalse();
		assertThat(WorkerOutput.isJsonObject("{\"truncated\":")).isFalse();
		assertThat(WorkerOutput.isJsonObject("at {main} frame }x")).isFalse();
		assertThat(WorkerOutput.isJsonObject("   ")).isFalse();
	}

}
