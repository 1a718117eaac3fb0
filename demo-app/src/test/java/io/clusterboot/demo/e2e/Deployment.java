package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deployment directory as an operator keeps one: the cluster runs {@code app.jar}
 * there, and a new version is deployed by staging a jar in the same directory and
 * renaming it over {@code app.jar} (an atomic swap, {@code mv new.jar app.jar}).
 * <p>
 * The staged jars are variants of the demo jar: one with another {@code build.version},
 * one whose application fails at start, and a corrupt file.
 *
 * @author ClusterBoot team
 */
final class Deployment {

	/** Where Spring Boot's build-info goal puts the build properties in the repackaged jar. */
	static final String BUILD_INFO = "META-INF/build-info.properties";

	static final String APPLICATION_YAML = "BOOT-INF/classes/application.yml";

	/** The start of the name of ClusterBoot's jar in the repackaged jar. */
	static final String CLUSTERBOOT_JAR = "BOOT-INF/lib/cluster-autoconfigure-";

	/** Where ClusterBoot's jar holds its version ({@code ClusterBootVersion}). */
	static final String CLUSTERBOOT_VERSION = "io/clusterboot/version.properties";

	private static final Pattern BUILD_VERSION = Pattern.compile("(?m)^build\\.version=([^\\r\\n]*)");

	private final Path directory;

	private final Path jar;

	private final AtomicInteger staged = new AtomicInteger();

	private Deployment(Path directory) {
		this.directory = directory;
		this.jar = directory.resolve("app.jar");
	}

	/**
	 * Deploys a copy of the demo jar as {@code app.jar} in {@code directory}.
	 * @param directory an empty directory
	 * @return the deployment
	 */
	static Deployment of(Path directory) {
		Deployment deployment = new Deployment(directory.toAbsolutePath());
		copy(DemoJar.path(), deployment.jar);
		return deployment;
	}

	/**
	 * The jar the cluster runs.
	 * @return its path
	 */
	Path jar() {
		return this.jar;
	}

	/**
	 * Stages a copy of the demo jar whose build properties name another version.
	 * @param version the version
	 * @return the staged jar
	 */
	Path stageVersion(String version) {
		Path staged = nextStaged("version-" + version);
		JarRewriter.copyWithEdit(DemoJar.path(), staged, BUILD_INFO, (properties) -> buildVersion(properties)
			.replaceFirst(Matcher.quoteReplacement("build.version=" + version)));
		return staged;
	}

	/**
	 * Stages a copy of the demo jar of another version, ClusterBoot's own included: its
	 * build properties, and the version the ClusterBoot it packs reports.
	 * @param version the version
	 * @return the staged jar
	 */
	Path stageVersionWithClusterBoot(String version) {
		Path application = stageVersion(version);
		Path staged = nextStaged("clusterboot-" + version);
		JarRewriter.copyWithNestedEdit(application, staged,
				JarRewriter.entryStartingWith(application, CLUSTERBOOT_JAR), CLUSTERBOOT_VERSION,
				(properties) -> "version=" + version + "\n");
		try {
			Files.delete(application);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot delete " + application, ex);
		}
		return staged;
	}

	/**
	 * Stages a copy of the demo jar whose packaged {@code application.yml} sets
	 * {@code demo.fail-on-start}: a valid jar whose application fails while it starts.
	 * @return the staged jar
	 */
	Path stageFailingAtStart() {
		return stageConfiguration("failing", "demo:\n  fail-on-start: true\n");
	}

	/**
	 * Stages a copy of the demo jar whose packaged {@code application.yml} ends with one
	 * more document, which overrides what the earlier ones set.
	 * @param name names the staged file
	 * @param yaml the document
	 * @return the staged jar
	 */
	Path stageConfiguration(String name, String yaml) {
		Path staged = nextStaged(name);
		JarRewriter.copyWithEdit(DemoJar.path(), staged, APPLICATION_YAML, (original) -> original + "\n---\n" + yaml);
		return staged;
	}

	/**
	 * Stages a file that is not a jar at all.
	 * @return the staged file
	 */
	Path stageCorrupt() {
		Path staged = nextStaged("corrupt");
		try {
			Files.writeString(staged, "This is not a jar.\n", StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot write " + staged, ex);
		}
		return staged;
	}

	/**
	 * Renames a staged jar over {@code app.jar} atomically: a process opening
	 * {@code app.jar} sees either the old or the new file, never a partial one.
	 * @param staged a jar staged in this deployment's directory
	 */
	void swapIn(Path staged) {
		if (!staged.getParent().equals(this.directory)) {
			throw new IllegalArgumentException(staged + " is not staged in " + this.directory);
		}
		try {
			Files.move(staged, this.jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot move " + staged + " to " + this.jar, ex);
		}
	}

	/**
	 * The {@code build.version} of a jar, the version the demo application reports.
	 * @param jar the jar
	 * @return the version
	 */
	static String version(Path jar) {
		return buildVersion(JarRewriter.read(jar, BUILD_INFO)).group(1).trim();
	}

	private static Matcher buildVersion(String properties) {
		Matcher matcher = BUILD_VERSION.matcher(properties);
		if (!matcher.find()) {
			throw new IllegalStateException("No build.version in " + BUILD_INFO + ": " + properties);
		}
		return matcher;
	}

	private Path nextStaged(String name) {
		return this.directory.resolve("staged-" + this.staged.incrementAndGet() + "-" + name + ".jar");
	}

	private static void copy(Path source, Path target) {
		try {
			Files.copy(source, target);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot copy " + source + " to " + target, ex);
		}
	}

}
