package io.clusterboot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ClusterRole}.
 *
 * @author ClusterBoot team
 */
class ClusterRoleTests {

	private final SpringApplication application = new SpringApplication(ClusterRoleTests.class);

	@Test
	void ofWhenWorkerEnvironmentShouldBeWorker() {
		assertThat(ClusterRole.of(this.application, new MockEnvironment(), Map.of("CLUSTER_WORKER_ID", "1")))
			.isEqualTo(ClusterRole.WORKER);
	}

	@Test
	void ofWhenRunFromTestShouldBeSingle() {
		this.application.setWebApplicationType(WebApplicationType.SERVLET);
		assertThat(ClusterRole.of(this.application, new MockEnvironment(), Map.of())).isEqualTo(ClusterRole.SINGLE);
	}

	@Test
	void ofWhenDisabledShouldBeSingle() {
		MockEnvironment environment = new MockEnvironment().withProperty("cluster.enabled", "false");
		assertThat(ClusterRole.of(this.application, environment, Map.of())).isEqualTo(ClusterRole.SINGLE);
	}

}
