package io.clusterboot.internal.bootcache;

import java.nio.file.Path;
import java.util.List;

/**
 * The class archives a JVM can start from, and the options that make and use them.
 *
 * @author ClusterBoot team
 */
enum ArchiveKind {

	/**
	 * A dynamic AppCDS archive (JDK 13 and later), written when the training run exits.
	 */
	CDS("classes.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="),

	/**
	 * An AOT cache (JDK 25 and later, JEP 483 and 514): classes loaded and linked, and
	 * method profiles, written when the training run exits.
	 */
	AOT("classes.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=");

	/**
	 * Options that choose a class archive: the user's own choice, which the boot cache
	 * leaves alone.
	 */
	static final List<String> ARCHIVE_OPTIONS = List.of("-XX:SharedArchiveFile", "-XX:ArchiveClassesAtExit",
			"-XX:AOTCache", "-XX:AOTMode", "-XX:AOTConfiguration", "-XX:AOTCacheOutput", "-Xshare");

	private final String fileName;

	private final String trainingOption;

	private final String useOption;

	ArchiveKind(String fileName, String trainingOption, String useOption) {
		this.fileName = fileName;
		this.trainingOption = trainingOption;
		this.useOption = useOption;
	}

	String fileName() {
		return this.fileName;
	}

	/**
	 * Returns the option that makes a training run write the archive.
	 */
	String trainingOption(Path archive) {
		return this.trainingOption + archive;
	}

	/**
	 * Returns the option that starts a JVM from the archive. A JVM that cannot use it
	 * starts without it.
	 */
	String useOption(Path archive) {
		return this.useOption + archive;
	}

	/**
	 * Returns the kind of archive a HotSpot JVM of the given feature release makes.
	 * @param feature the Java feature release, such as 17
	 * @return the kind
	 */
	static ArchiveKind forRelease(int feature) {
		return (feature >= 25) ? AOT : CDS;
	}

}
