package io.clusterboot.internal.master;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link WorkerCommand}.
 *
 * @author ClusterBoot team
 */
class WorkerCommandTests {

	@Test
	void toListWhenStartedWithJarShouldRunSameJar() {
		WorkerCommand command = new WorkerCommand("/jdk/bin/java", List.of("-Xmx1g", "-Dapp=x"), "/srv/app.jar",
				"/srv/app.jar --server.port=8080", List.of("-Xss512k"), List.of("--server.port=8080"));
		assertThat(command.toList()).containsExactly("/jdk/bin/java", "-Xmx1g", "-Dapp=x", "-Xss512k", "-jar",
				"/srv/app.jar", "--server.port=8080");
	}

	@Test
	void toListWhenStartedWithMainClassShouldUseClassPathAndMainClass() {
		WorkerCommand command = new WorkerCommand("/jdk/bin/java", List.of(), "/srv/classes:/srv/lib/a.jar",
				"com.example.App --debug", List.of(), List.of("--debug"));
		assertThat(command.toList()).containsExactly("/jdk/bin/java", "-cp", "/srv/classes:/srv/lib/a.jar",
				"com.example.App", "--debug");
	}

	@Test
	void toListShouldLeaveOutDebuggerAgent() {
		WorkerCommand command = new WorkerCommand("java",
				List.of("-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xrunjdwp:x",
						"-agentpath:/jdk/lib/libjdwp.so=transport=dt_socket,server=y,address=5005", "-Xmx1g"),
				"app.jar", "app.jar", List.of(), List.of());
		assertThat(command.toList()).containsExactly("java", "-Xmx1g", "-jar", "app.jar");
	}

	@Test
	void toListWithAWorkersDebuggerAgentShouldHaveItInsteadOfTheMasters() {
		WorkerCommand command = new WorkerCommand("java",
				List.of("-agentlib:jdwp=transport=dt_socket,address=127.0.0.1:41237,suspend=y,server=n", "-Xmx1g"),
				"/srv/classes", "com.example.App", List.of("-Xss512k"), List.of("--debug"));
		String agent = new DebugAddress("127.0.0.1", 5007).agentOption();
		assertThat(command.toList(List.of(agent))).containsExactly("java", "-Xmx1g", "-Xss512k",
				"-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=127.0.0.1:5007", "-cp", "/srv/classes",
				"com.example.App", "--debug");
	}

}
