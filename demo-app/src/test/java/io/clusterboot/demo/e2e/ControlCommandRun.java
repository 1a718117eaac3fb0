package io.clusterboot.demo.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run of the control command, {@code java -Djarmode=cluster -jar app.jar}, as a user
 * would type it, waited for with a deadline: its exit code and what it printed.
 *
 * @param exitCode its exit code
 * @param out what it printed on standard output
 * @param err what it printed on standard error
 * @author ClusterBoot team
 */
record ControlCommandRun(int exitCode, String out, String err) {

	/**
	 * Runs the control command of a jar and waits for it.
	 * @param jar the application's jar
	 * @param timeout how long it may take
	 * @param launcher what runs it, such as {@code runuser -u nobody --}, or nothing
	 * @param args the command's arguments
	 * @return how it went
	 * @throws Exception if it cannot be run or read
	 */
	static ControlCommandRun of(Path jar, Duration timeout, List<String> launcher, String... args) throws Exception {
		List<String> command = new ArrayList<>(launcher);
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Djarmode=cluster",
				"-jar", jar.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).start();
		try {
			process.getOutputStream().close();
			CompletableFuture<String> out = read(process, false);
			CompletableFuture<String> err = read(process, true);
			assertThat(process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("%s finished", command).isTrue();
			return new ControlCommandRun(process.exitValue(), out.get(5, TimeUnit.SECONDS),
					err.get(5, TimeUnit.SECONDS));
		}
		finally {
			process.destroyForcibly();
		}
	}

	private static CompletableFuture<String> read(Process process, boolean error) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return new String((error ? process.getErrorStream() : process.getInputStream()).readAllBytes(),
						StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				return "(unreadable: " + ex + ")";
			}
		});
	}

}
