package io.clusterboot.demo;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the demo application.
 *
 * @author ClusterBoot team
 */
@ConfigurationProperties("demo")
public class DemoProperties {

	/**
	 * Version reported by the endpoints. Defaults to the version of the build.
	 */
	private String version;

	/**
	 * Whether the application fails while it starts (to try out a bad deploy).
	 */
	private boolean failOnStart;

	/**
	 * Slot of the only worker that fails while it starts (to try out a crash loop).
	 */
	private Integer failOnStartWorker;

	/**
	 * File the greetings are kept in, shared by the workers.
	 */
	private Path greetingsFile = Path.of(System.getProperty("java.io.tmpdir"), "clusterboot-demo-greetings.properties");

	public String getVersion() {
		return this.version;
	}

	public void setVersion(String version) {
		this.version = version;
	}

	public boolean isFailOnStart() {
		return this.failOnStart;
	}

	public void setFailOnStart(boolean failOnStart) {
		this.failOnStart = failOnStart;
	}

	public Integer getFailOnStartWorker() {
		return this.failOnStartWorker;
	}

	public void setFailOnStartWorker(Integer failOnStartWorker) {
		this.failOnStartWorker = failOnStartWorker;
	}

	public Path getGreetingsFile() {
		return this.greetingsFile;
	}

	public void setGreetingsFile(Path greetingsFile) {
		this.greetingsFile = greetingsFile;
	}

}
