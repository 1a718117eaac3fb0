package io.clusterboot;

import java.util.Set;
import java.util.TreeSet;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shape of the library, checked on its compiled classes: a small public API and
 * everything else under {@code io.clusterboot.internal}; packages in layers that import
 * only downwards and never in a circle; JNA in one package.
 *
 * @author ClusterBoot team
 */
class ArchitectureTests {

	/**
	 * What an application uses: the auto-configurations and their properties, the
	 * endpoint and the health indicator, leadership's and messaging's annotation,
	 * interfaces and events, and the status records the endpoint returns. A type added
	 * here is a promise to keep it.
	 */
	private static final Set<String> PUBLIC_API = Set.of("io.clusterboot.actuate.ClusterEndpoint",
			"io.clusterboot.actuate.ClusterEndpointWebExtension", "io.clusterboot.actuate.ClusterHealthIndicator",
			"io.clusterboot.autoconfigure.ClusterCacheAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterEndpointAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterLeadershipAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterMessagingAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterMetricsAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterSessionAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterWorkerAutoConfiguration",
			"io.clusterboot.autoconfigure.ClusterProperties", "io.clusterboot.leader.ClusterLeaderOnly",
			"io.clusterboot.leader.ClusterLeadership", "io.clusterboot.leader.LeadershipEvent",
			"io.clusterboot.leader.LeadershipGrantedEvent", "io.clusterboot.leader.LeadershipRevokedEvent",
			"io.clusterboot.messaging.ClusterMessenger", "io.clusterboot.messaging.ClusterMessageEvent",
			"io.clusterboot.status.ClusterStatus", "io.clusterboot.status.BootCacheState",
			"io.clusterboot.status.ReloadState", "io.clusterboot.status.SlotState",
			"io.clusterboot.status.UpgradeState", "io.clusterboot.status.WorkerState");

	private static final JavaClasses CLASSES = new ClassFileImporter()
		.withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
		.importPackages("io.clusterboot");

	@Test
	void onlyTheApiIsPublicOutsideTheInternalPackages() {
		Set<String> published = new TreeSet<>();
		for (JavaClass type : CLASSES) {
			if (type.isTopLevelClass() && type.getModifiers().contains(JavaModifier.PUBLIC)
					&& !type.getPackageName().startsWith("io.clusterboot.internal")) {
				published.add(type.getName());
			}
		}
		assertThat(published).as("public types outside io.clusterboot.internal").isEqualTo(new TreeSet<>(PUBLIC_API));
	}

	@Test
	void packagesImportOnlyTheLayersBelowThem() {
		layeredArchitecture().consideringOnlyDependenciesInLayers()
			.layer("API")
			.definedBy("io.clusterboot.status..", "io.clusterboot.leader..", "io.clusterboot.messaging..")
			.layer("Base")
			.definedBy("io.clusterboot.internal.support..", "io.clusterboot.internal.posix..")
			.layer("System")
			.definedBy("io.clusterboot.internal.systemd..", "io.clusterboot.internal.net..")
			.layer("Channels")
			.definedBy("io.clusterboot.internal.ipc..", "io.clusterboot.internal.bootcache..",
					"io.clusterboot.internal.session..", "io.clusterboot.internal.jarmode..")
			.layer("Worker")
			.definedBy("io.clusterboot.internal.worker..", "io.clusterboot.internal.leader..",
					"io.clusterboot.internal.messaging..", "io.clusterboot.internal.metrics..",
					"io.clusterboot.internal.cache..")
			.layer("Master")
			.definedBy("io.clusterboot.internal.master..")
			.layer("Endpoint")
			.definedBy("io.clusterboot.actuate..")
			.layer("Configuration")
			.definedBy("io.clusterboot.autoconfigure..")
			.whereLayer("API").mayNotAccessAnyLayer()
			.whereLayer("Base").mayNotAccessAnyLayer()
			.whereLayer("System").mayOnlyAccessLayers("API", "Base")
			.whereLayer("Channels").mayOnlyAccessLayers("API", "Base", "System")
			.whereLayer("Worker").mayOnlyAccessLayers("API", "Base", "System", "Channels")
			.whereLayer("Master").mayOnlyAccessLayers("API", "Base", "System", "Channels", "Worker")
			.whereLayer("Endpoint").mayOnlyAccessLayers("API", "Base", "System", "Channels", "Worker")
			.check(CLASSES);
	}

	@Test
	void packagesImportEachOtherInNoCircle() {
		slices().matching("io.clusterboot.(**)").should().beFreeOfCycles().check(CLASSES);
	}

	@Test
	void onlyThePosixPackageCallsJna() {
		noClasses().that()
			.resideOutsideOfPackage("io.clusterboot.internal.posix..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("com.sun.jna..")
			.check(CLASSES);
	}

}
