package io.clusterboot.internal.metrics;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ExpositionMerge}.
 *
 * @author ClusterBoot team
 */
class ExpositionMergeTests {

	private static final String WORKER_1 = """
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{uri="/",worker="1",le="0.1"} 3
			http_server_requests_seconds_bucket{uri="/",worker="1",le="+Inf"} 4
			http_server_requests_seconds_count{uri="/",worker="1"} 4
			http_server_requests_seconds_sum{uri="/",worker="1"} 0.5
			# HELP process_start_time_seconds Start time of the process since unix epoch.
			# TYPE process_start_time_seconds gauge
			process_start_time_seconds{worker="1"} 1.7e9
			# HELP cluster_workers Workers of the cluster, by state
			# TYPE cluster_workers gauge
			cluster_workers{state="ready"} 2.0
			""";

	private static final String WORKER_2 = """
			# HELP process_start_time_seconds Start time of the process since unix epoch.
			# TYPE process_start_time_seconds gauge
			process_start_time_seconds{worker="2"} 1.8e9
			# HELP http_server_requests_seconds
			# TYPE http_server_requests_seconds histogram
			http_server_requests_seconds_bucket{uri="/",worker="2",le="0.1"} 1
			http_server_requests_seconds_bucket{uri="/",worker="2",le="+Inf"} 1
			http_server_requests_seconds_count{uri="/",worker="2"} 1
			http_server_requests_seconds_sum{uri="/",worker="2"} 0.01
			# HELP jvm_threads_live_threads The current number of live threads
			# TYPE jvm_threads_live_threads gauge
			jvm_threads_live_threads{worker="2"} 30
			""";

	@Test
	void eachFamilyComesOnceWithTheSamplesOfEveryWorker() {
		assertThat(ExpositionMerge.merge(List.of(WORKER_1, WORKER_2), false)).isEqualTo("""
				# HELP http_server_requests_seconds
				# TYPE http_server_requests_seconds histogram
				http_server_requests_seconds_bucket{uri="/",worker="1",le="0.1"} 3
				http_server_requests_seconds_bucket{uri="/",worker="1",le="+Inf"} 4
				http_server_requests_seconds_count{uri="/",worker="1"} 4
				http_server_requests_seconds_sum{uri="/",worker="1"} 0.5
				http_server_requests_seconds_bucket{uri="/",worker="2",le="0.1"} 1
				http_server_requests_seconds_bucket{uri="/",worker="2",le="+Inf"} 1
				http_server_requests_seconds_count{uri="/",worker="2"} 1
				http_server_requests_seconds_sum{uri="/",worker="2"} 0.01
				# HELP process_start_time_seconds Start time of the process since unix epoch.
				# TYPE process_start_time_seconds gauge
				process_start_time_seconds{worker="1"} 1.7e9
				process_start_time_seconds{worker="2"} 1.8e9
				# HELP cluster_workers Workers of the cluster, by state
				# TYPE cluster_workers gauge
				cluster_workers{state="ready"} 2.0
				# HELP jvm_threads_live_threads The current number of live threads
				# TYPE jvm_threads_live_threads gauge
				jvm_threads_live_threads{worker="2"} 30
				""");
	}

	@Test
	void aPerClusterSeriesTwiceIsKeptOnceTheFirstExpositionsValue() {
		String otherLeader = """
				# HELP cluster_workers Workers of the cluster, by state
				# TYPE cluster_workers gauge
				cluster_workers{state="ready"} 3.0
				""";
		assertThat(ExpositionMerge.merge(List.of(WORKER_1, otherLeader), false))
			.containsOnlyOnce("cluster_workers{state=")
			.contains("cluster_workers{state=\"ready\"} 2.0");
	}

	@Test
	void aFamilyOfAnotherTypeLosesTheSamplesOfTheLaterExposition() {
		String olderCode = """
				# HELP process_start_time_seconds Start time of the process since unix epoch.
				# TYPE process_start_time_seconds counter
				process_start_time_seconds{worker="2"} 1.8e9
				# HELP jvm_threads_live_threads The current number of live threads
				# TYPE jvm_threads_live_threads gauge
				jvm_threads_live_threads{worker="2"} 30
				""";
		String merged = ExpositionMerge.merge(List.of(WORKER_1, olderCode), false);
		assertThat(merged).containsOnlyOnce("# TYPE process_start_time_seconds")
			.contains("# TYPE process_start_time_seconds gauge")
			.doesNotContain("process_start_time_seconds{worker=\"2\"}")
			.contains("jvm_threads_live_threads{worker=\"2\"} 30");
	}

	@Test
	void openMetricsEndsOnceWithEof() {
		String worker1 = """
				# TYPE http_requests counter
				# UNIT http_requests requests
				# HELP http_requests Requests.
				http_requests_total{worker="1"} 4.0
				http_requests_created{worker="1"} 1.7e9
				# EOF
				""";
		String worker2 = """
				# TYPE http_requests counter
				# UNIT http_requests requests
				# HELP http_requests Requests.
				http_requests_total{worker="2"} 1.0 # {trace_id="a}b"} 1.0
				http_requests_created{worker="2"} 1.8e9
				# EOF
				""";
		assertThat(ExpositionMerge.merge(List.of(worker1, worker2), true)).isEqualTo("""
				# TYPE http_requests counter
				# UNIT http_requests requests
				# HELP http_requests Requests.
				http_requests_total{worker="1"} 4.0
				http_requests_created{worker="1"} 1.7e9
				http_requests_total{worker="2"} 1.0 # {trace_id="a}b"} 1.0
				http_requests_created{worker="2"} 1.8e9
				# EOF
				""");
	}

	@Test
	void aSeriesEndsAtTheBraceOutsideItsQuotedLabelValues() {
		assertThat(ExpositionMerge.series("a{uri=\"/x}\\\"{\",worker=\"1\"} 1.0 # {span_id=\"1\"} 1"))
			.isEqualTo("a{uri=\"/x}\\\"{\",worker=\"1\"}");
		assertThat(ExpositionMerge.series("up 1")).isEqualTo("up");
		assertThat(ExpositionMerge.series("up{} 1 123")).isEqualTo("up{}");
	}

	@Test
	void oneExpositionStaysAsItWas() {
		assertThat(ExpositionMerge.merge(List.of(WORKER_1), false)).isEqualTo(WORKER_1);
	}

}
