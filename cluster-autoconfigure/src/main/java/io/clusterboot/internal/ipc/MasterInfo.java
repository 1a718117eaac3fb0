package io.clusterboot.internal.ipc;

import java.time.Instant;

/**
 * What a master tells about itself next to its control socket, so that the control
 * command ({@code java -Djarmode=cluster -jar app.jar}) finds the master of an
 * application and knows whether it speaks its protocol before it connects.
 *
 * @param pid the master's pid
 * @param version the version of ClusterBoot it runs
 * @param protocol the version of the control protocol it speaks
 * @param jar the real path of the jar it runs, or {@code null} if it runs a main class
 * @param address the address it serves, as {@code host:port}
 * @param started when it started
 * @param predecessor the pid of the master it replaces in an upgrade, or {@code null}
 * @param jarAsStarted the jar it runs, as it was started with it made absolute: links
 * are left as they are, so that a deploy's {@code current/app.jar} names it as well
 * once {@code current} links to another release; or {@code null}
 * @author ClusterBoot team
 */
public record MasterInfo(long pid, String version, int protocol, String jar, String address, Instant started,
		Long predecessor, String jarAsStarted) {
}
