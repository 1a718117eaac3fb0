package io.clusterboot.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for binding {@link ClusterProperties} and explaining invalid values.
 *
 * @author ClusterBoot team
 */
class ClusterPropertiesTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withUserConfiguration(PropertiesConfiguration.class);

	@Test
	void bindWhenNothingSetShouldUseDefaults() {
		this.contextRunner.run((context) -> {
			ClusterProperties properties = context.getBean(ClusterProperties.class);
			assertThat(properties.isEnabled()).isTrue();
			assertThat(properties.getWorkers()).isEqualTo("auto");
			assertThat(properties.resolveWorkerCount()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(properties.getMaxWorkers()).isEqualTo("auto");
			assertThat(properties.resolveMaxWorkers()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
			assertThat(properties.getMaxStarting()).isEqualTo("auto");
			assertThat(properties.resolveMaxStarting()).isEqualTo(Runtime.getRuntime().availableProcessors());
			assertThat(properties.getProcessKillTimeout()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(properties.getWorker().getJvmArgs()).isEmpty();
			assertThat(properties.getWorker().getServingNice()).isEqualTo("auto");
			assertThat(properties.getDevelopmentMode()).isEqualTo(ClusterProperties.DevelopmentMode.SINGLE);
			assertThat(properties.getWorker().getDebug().getPort()).isNull();
			assertThat(properties.getWorker().getDebug().getAddress()).isEqualTo("127.0.0.1");
			assertThat(properties.getRestart().getInitialDelay()).isEqualTo(Duration.ofSeconds(1));
			assertThat(properties.getRestart().getMaxDelay()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getRestart().getMinUptime()).isEqualTo(Duration.ofSeconds(30));
			assertThat(properties.getSessions().isEnabled()).isTrue();
			assertThat(properties.getSessions().getMaxSize()).isEqualTo(DataSize.ofMegabytes(128));
			assertThat(properties.getSessions().getMaxSessionSize()).isEqualTo(DataSize.ofMegabytes(1));
			assertThat(properties.getMetrics().getScrapeTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void bindWhenValuesSetShouldUseThem() {
		this.contextRunner
			.withPropertyValues("cluster.workers=3", "cluster.max-workers=5", "cluster.max-starting=2",
					"cluster.process-kill-timeout=5s", "cluster.startup-timeout=2m",
					"cluster.worker.jvm-args=-Xmx256m,-Dfoo=bar", "cluster.worker.serving-nice=5",
					"cluster.development-mode=cluster", "cluster.worker.debug.port=5006",
					"cluster.worker.debug.address=*", "cluster.restart.initial-delay=100ms",
					"cluster.restart.max-delay=10s", "cluster.restart.min-uptime=1m")
			.run((context) -> {
				ClusterProperties properties = context.getBean(ClusterProperties.class);
				assertThat(properties.resolveWorkerCount()).isEqualTo(3);
				assertThat(properties.resolveMaxWorkers()).isEqualTo(5);
				assertThat(properties.resolveMaxStarting()).isEqualTo(2);
				assertThat(properties.getProcessKillTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getStartupTimeout()).isEqualTo(Duration.ofMinutes(2));
				assertThat(properties.getWorker().getJvmArgs()).containsExactly("-Xmx256m", "-Dfoo=bar");
				assertThat(properties.getWorker().getServingNice()).isEqualTo("5");
				assertThat(properties.getDevelopmentMode()).isEqualTo(ClusterProperties.DevelopmentMode.CLUSTER);
				assertThat(properties.getWorker().getDebug().getPort()).isEqualTo(5006);
				assertThat(properties.getWorker().getDebug().getAddress()).isEqualTo("*");
				assertThat(properties.getRestart().getInitialDelay()).isEqualTo(Duration.ofMillis(100));
				assertThat(properties.getRestart().getMaxDelay()).isEqualTo(Duration.ofSeconds(10));
				assertThat(properties.getRestart().getMinUptime()).isEqualTo(Duration.ofMinutes(1));
			});
	}

	@Test
	void bindWhenWorkersIsAutoInAnyCaseShouldResolveToProcessors() {
		this.contextRunner.withPropertyValues("cluster.workers=AUTO")
			.run((context) -> assertThat(context.getBean(ClusterProperties.class).resolveWorkerCount())
				.isEqualTo(Runtime.getRuntime().availableProcessors()));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
			cluster.workers              | abc  | 'auto' or a whole number of at least 1
			cluster.workers              | 0    | 'auto' or a whole number of at least 1
			cluster.workers              | -1   | 'auto' or a whole number of at least 1
			cluster.workers              | 1.5  | 'auto' or a whole number of at least 1
			cluster.max-workers          | 0    | 'auto' or a whole number of at least 1
			cluster.max-workers          | many | 'auto' or a whole number of at least 1
			cluster.max-starting         | -2   | 'auto' or a whole number of at least 1
			cluster.worker.serving-nice  | 20   | 'auto' or a whole number from 0 to 19
			cluster.worker.serving-nice  | high | 'auto' or a whole number from 0 to 19
			cluster.process-kill-timeout | -1s  | a duration greater than zero
			cluster.process-kill-timeout | 0    | a duration greater than zero
			cluster.startup-timeout      | 0s   | a duration greater than zero
			cluster.restart.max-delay    | -5ms | a duration greater than zero
			cluster.metrics.scrape-timeout | 0s | a duration greater than zero
			cluster.worker.debug.port    | 0    | a port from 1 to 65535
			cluster.worker.debug.port    | 65536 | a port from 1 to 65535
			cluster.worker.debug.address | "127.0.0.1,suspend=y" | an IP address or host name, or * for every interface
			cluster.worker.debug.address | "" | an IP address or host name, or * for every interface
			cluster.sessions.max-size    | 8MB  | a size of at least 16MB
			cluster.sessions.max-session-size | 0B   | a size from 1B to 16MB
			cluster.sessions.max-session-size | 17MB | a size from 1B to 16MB
			""")
	void bindWhenValueInvalidShouldFailWithAnalysisNamingPropertyValueAndAllowed(String name, String value,
			String allowed) {
		this.contextRunner.withPropertyValues(name + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidClusterPropertyFailureAnalyzer()
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("'" + name + "'", "\"" + value + "\"", allowed);
			assertThat(analysis.getAction()).contains(name, allowed);
		});
	}

	/**
	 * An unknown development mode fails the way any enum property does, which Spring
	 * Boot's own analysis explains with the valid values.
	 */
	@Test
	void bindWhenDevelopmentModeUnknownShouldFailOnItsEnumConversion() {
		this.contextRunner.withPropertyValues("cluster.development-mode=sometimes").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("No enum constant " + ClusterProperties.DevelopmentMode.class.getCanonicalName()
						+ ".sometimes");
			BindException bindFailure = findCause(context.getStartupFailure(), BindException.class);
			assertThat(bindFailure.getProperty().getName()).hasToString("cluster.development-mode");
			assertThat(findCause(bindFailure, ConversionFailedException.class).getTargetType().getType())
				.isEqualTo(ClusterProperties.DevelopmentMode.class);
			assertThat(new InvalidClusterPropertyFailureAnalyzer().analyze(context.getStartupFailure())).isNull();
		});
	}

	@Test
	void bindWhenDevelopmentModeInAnyCaseShouldUseIt() {
		this.contextRunner.withPropertyValues("cluster.development-mode=Cluster")
			.run((context) -> assertThat(context.getBean(ClusterProperties.class).getDevelopmentMode())
				.isEqualTo(ClusterProperties.DevelopmentMode.CLUSTER));
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		throw new AssertionError("No " + type.getSimpleName() + " in " + failure);
	}

	@Test
	void workersAboveMaximumShouldBeExplainedWithBothPropertiesAndTheAllowedValues() {
		FailureAnalysis analysis = new WorkersAboveMaximumFailureAnalyzer()
			.analyze(new WorkersAboveMaximumException(10, 8));
		assertThat(analysis.getDescription()).contains("'cluster.workers' is 10", "'cluster.max-workers' (8)",
				"from 1 to 'cluster.max-workers'", "4 per available processor");
		assertThat(analysis.getAction()).contains("'cluster.workers' to at most 8",
				"'cluster.max-workers' to at least 10");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(ClusterProperties.class)
	static class PropertiesConfiguration {

	}

}
