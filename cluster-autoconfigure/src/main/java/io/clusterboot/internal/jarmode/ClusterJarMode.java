package io.clusterboot.internal.jarmode;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import io.clusterboot.internal.ipc.MasterDirectories;
import org.springframework.boot.loader.jarmode.JarMode;

/**
 * The {@code cluster} jar mode: {@code java -Djarmode=cluster -jar app.jar status}, and
 * {@code reload}, {@code scale} and {@code stop}, for the master that runs the same jar,
 * the way Spring Boot's {@code tools} jar mode works on the jar itself. It starts no
 * application context.
 *
 * @author ClusterBoot team
 */
public class ClusterJarMode implements JarMode {

	private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(10);

	@Override
	public boolean accepts(String mode) {
		return "cluster".equals(mode);
	}

	@Override
	public void run(String mode, String[] args) {
		ExitStatus status = new ControlCommand(MasterDirectories.defaultBaseDirectory(), currentJar(), System.out,
				System.err, REPLY_TIMEOUT)
			.run(Arrays.asList(args));
		System.out.flush();
		if (status != ExitStatus.OK) {
			System.exit(status.code());
		}
	}

	/**
	 * Returns the jar this JVM was started with ({@code java -jar}, which makes it the
	 * class path), made absolute, or {@code null}.
	 */
	private static Path currentJar() {
		String classPath = System.getProperty("java.class.path", "");
		if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator)) {
			return null;
		}
		return Path.of(classPath).toAbsolutePath();
	}

}
