package io.clusterboot.autoconfigure;

import java.util.List;

import io.clusterboot.autoconfigure.ClusterProperties.DevelopmentMode;
import io.clusterboot.autoconfigure.DevelopmentRun.Cause;
import io.clusterboot.internal.support.DebuggerAgent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DevelopmentRun}: which JVMs run the application in one process unless
 * {@code cluster.development-mode} asks for the cluster, and what the log says.
 *
 * @author ClusterBoot team
 */
class DevelopmentRunTests {

	private static final List<String> SERVER_OPTIONS = List.of("-Xmx512m", "-XX:+UseG1GC");

	/**
	 * The debugger options of IntelliJ IDEA (with its capture agent), Eclipse, VS Code, a
	 * remote debugger, the old form and an agent library given by its path.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "-agentlib:jdwp=transport=dt_socket,address=127.0.0.1:41237,suspend=y,server=n",
			"-agentlib:jdwp=transport=dt_socket,suspend=y,address=localhost:39001",
			"-agentlib:jdwp=transport=dt_socket,server=n,suspend=y,address=localhost:40123",
			"-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005", "-agentlib:jdwp",
			"-Xrunjdwp:transport=dt_socket,server=y,suspend=n,address=5005",
			"-agentpath:/usr/lib/jvm/java-17/lib/libjdwp.so=transport=dt_socket,server=y,address=5005" })
	void aDebuggerAgentMakesADevelopmentRun(String agent) {
		DevelopmentRun run = DevelopmentRun.of(List.of("-Xmx512m", "-Xdebug", agent,
				"-javaagent:/opt/idea/plugins/java/lib/rt/debugger-agent.jar", "-Dfile.encoding=UTF-8"), "main", false,
				false);
		assertThat(run).isEqualTo(new DevelopmentRun(Cause.DEBUGGER, agent));
		assertThat(DebuggerAgent.isOption(agent)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "-javaagent:/opt/idea/plugins/java/lib/rt/debugger-agent.jar", "-Xdebug",
			"-agentlib:jdwpx", "-agentpath:/opt/profiler/libasyncProfiler.so=start", "-Djdwp=1",
			"-XX:+HeapDumpOnOutOfMemoryError" })
	void otherOptionsMakeNone(String option) {
		assertThat(DebuggerAgent.isOption(option)).isFalse();
		assertThat(DevelopmentRun.of(List.of(option), "main", false, false)).isNull();
	}

	@Test
	void aServerRunMakesNone() {
		assertThat(DevelopmentRun.of(SERVER_OPTIONS, "main", false, false)).isNull();
	}

	@Test
	void devToolsMakeOneWhereTheApplicationRunsFromItsClasses() {
		assertThat(DevelopmentRun.of(SERVER_OPTIONS, "main", true, true))
			.isEqualTo(new DevelopmentRun(Cause.DEVTOOLS, null));
	}

	@Test
	void devToolsInAPackagedJarMakeNone() {
		assertThat(DevelopmentRun.of(SERVER_OPTIONS, "main", true, false)).isNull();
	}

	@Test
	void devToolsRestarterMakesOne() {
		assertThat(DevelopmentRun.of(SERVER_OPTIONS, "restartedMain", true, true))
			.isEqualTo(new DevelopmentRun(Cause.DEVTOOLS_RESTART, null));
	}

	@Test
	void underADebuggerTheApplicationRunsSingleUnlessTheClusterIsAskedFor() {
		DevelopmentRun run = new DevelopmentRun(Cause.DEBUGGER, "-agentlib:jdwp=transport=dt_socket,address=5005");
		assertThat(run.role(DevelopmentMode.SINGLE)).isEqualTo(ClusterRole.SINGLE);
		assertThat(run.level(DevelopmentMode.SINGLE)).isEqualTo(Level.WARN);
		assertThat(run.explain(DevelopmentMode.SINGLE)).isEqualTo(
				"A debugger agent is among the JVM options (-agentlib:jdwp=transport=dt_socket,address=5005): the "
						+ "application runs in this process, without workers, so that the debugger stops at its "
						+ "breakpoints. Set cluster.development-mode=cluster to run the master and its workers "
						+ "(cluster.worker.debug.port gives each worker a debugger of its own)");
		assertThat(run.role(DevelopmentMode.CLUSTER)).isEqualTo(ClusterRole.MASTER);
		assertThat(run.level(DevelopmentMode.CLUSTER)).isEqualTo(Level.INFO);
		assertThat(run.explain(DevelopmentMode.CLUSTER)).contains("and cluster.development-mode=cluster: the master "
				+ "runs its workers without that agent, so the debugger stops in the master's code only");
	}

	@Test
	void withDevToolsTheApplicationRunsSingleUnlessTheClusterIsAskedFor() {
		DevelopmentRun run = new DevelopmentRun(Cause.DEVTOOLS, null);
		assertThat(run.role(DevelopmentMode.SINGLE)).isEqualTo(ClusterRole.SINGLE);
		assertThat(run.level(DevelopmentMode.SINGLE)).isEqualTo(Level.INFO);
		assertThat(run.explain(DevelopmentMode.SINGLE))
			.isEqualTo("Spring Boot DevTools is on the class path of an application run from its classes: the "
					+ "application runs in this process, without workers. Set cluster.development-mode=cluster to "
					+ "run the master and its workers");
		assertThat(run.role(DevelopmentMode.CLUSTER)).isEqualTo(ClusterRole.MASTER);
	}

	@Test
	void underDevToolsRestarterTheApplicationAlwaysRunsSingle() {
		DevelopmentRun run = new DevelopmentRun(Cause.DEVTOOLS_RESTART, null);
		assertThat(run.role(DevelopmentMode.SINGLE)).isEqualTo(ClusterRole.SINGLE);
		assertThat(run.role(DevelopmentMode.CLUSTER)).isEqualTo(ClusterRole.SINGLE);
		assertThat(run.explain(DevelopmentMode.CLUSTER)).contains("(thread restartedMain)",
				"-Dspring.devtools.restart.enabled=false", "cluster.development-mode=cluster");
	}

}
