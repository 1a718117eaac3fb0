package io.clusterboot.internal.systemd;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;

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
		assertThat(ServiceManager.listenDescriptors(Map.of(), 42)).isEqualTo(ListenDescriptors.NONE);
	}

	@Test
	void theFirstPassedDescriptorWhenMeantForThisProcess() {
		assertThat(ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42"), 42))
			.isEqualTo(new ListenDescriptors(OptionalInt.of(3), OptionalInt.empty()));
	}

	@Test
	void socketsPassedToAnotherProcessAreNotThisOnes() {
		assertThat(ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "41"), 42))
			.isEqualTo(ListenDescriptors.NONE);
		assertThat(ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "0", "LISTEN_PID", "42"), 42))
			.isEqualTo(ListenDescriptors.NONE);
	}

	@Test
	void theSocketNamedManagementIsTheManagementPorts() {
		assertThat(ServiceManager.listenDescriptors(
				Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42", "LISTEN_FDNAMES", "management:app.socket"), 42))
			.isEqualTo(new ListenDescriptors(OptionalInt.of(4), OptionalInt.of(3)));
		assertThat(ServiceManager
			.listenDescriptors(Map.of("LISTEN_FDS", "1", "LISTEN_PID", "42", "LISTEN_FDNAMES", "management"), 42))
			.isEqualTo(new ListenDescriptors(OptionalInt.empty(), OptionalInt.of(3)));
	}

	@Test
	void twoSocketsForOnePortAreRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDS=2 LISTEN_FDNAMES=(unset)"))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("two sockets are for the server port"))
			.satisfies((ex) -> assertThat(ex.getAction()).contains("FileDescriptorName=management"));
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(
					Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42", "LISTEN_FDNAMES", "management:management"), 42))
			.satisfies((ex) -> assertThat(ex.getReason()).isEqualTo("two sockets are for the management port"));
	}

	@Test
	void moreThanTwoSocketsAreRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "3", "LISTEN_PID", "42"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDS=3"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("passed 3 sockets"));
	}

	@Test
	void namesThatDoNotMatchTheSocketsAreRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager
				.listenDescriptors(Map.of("LISTEN_FDS", "2", "LISTEN_PID", "42", "LISTEN_FDNAMES", "http"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDNAMES=http"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("names 1 socket(s) but LISTEN_FDS passes 2"));
	}

	@Test
	void malformedOrMissingVariablesAreRefused() {
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "one", "LISTEN_PID", "42"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_FDS=one"));
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(Map.of("LISTEN_FDS", "1"), 42))
			.satisfies((ex) -> assertThat(ex.getSource()).isEqualTo("LISTEN_PID=(unset)"));
		assertThatExceptionOfType(InvalidListenSocketException.class)
			.isThrownBy(() -> ServiceManager.listenDescriptors(Map.of("LISTEN_PID", "-1"), 42))
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
