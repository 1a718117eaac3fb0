package io.clusterboot.systemd;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link ServiceManager}.
 *
 * @author ClusterBoot team
 */
class ServiceManagerTests {

	@Test
	void noSocketWithoutTheVariables() {
		assertThat(ServiceManager.listenDescriptor(Map.of(), 42)).isEmpty();
	}

	@Test
	void theFirstPassedDescriptorWhenMeantForThisProcess() {
		assertThat(ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42"), 42)).hasValue(3);
	}

	@Test
	void socketsPassedToAnotherProcessAreNotThisOnes() {
		assertThat(ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "41"), 42)).isEmpty();
		assertThat(ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "0", "LISTEN_PID", "42"), 42)).isEmpty();
	}

	@Test
	void moreThanOneSocketIsRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDS=2"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("passed 2 sockets"));
	}

	@Test
	void malformedOrMissingVariablesAreRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "one", "LISTEN_PID", "42"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDS=one"));
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptor(Map.of("LISTEN_FDS", "1"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_PID=(unset)"));
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptor(Map.of("LISTEN_PID", "-1"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_PID=-1"));
	}

	@Test
	void childrenGetNoneOfTheVariables() {
		Map<String, String> environment = new HashMap<>(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42",
				"LISTEN_FDNAMES", "http", "NOTIFY_SOCKET", "/run/notify", "PATH", "/bin"));
		ServiceManager.removeVariables(environment);
		assertThat(environment).containsOnlyKeys("PATH");
	}

}
