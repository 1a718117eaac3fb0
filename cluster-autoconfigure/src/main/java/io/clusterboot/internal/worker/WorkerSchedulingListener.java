package io.clusterboot.internal.worker;

import org.springframework.boot.context.event.ApplicationStartingEvent;
import org.springframework.context.ApplicationListener;

/**
 * Puts a worker in a scheduling group of its own as early as the application starts:
 * see {@link WorkerScheduling}.
 *
 * @author ClusterBoot team
 */
public class WorkerSchedulingListener implements ApplicationListener<ApplicationStartingEvent> {

	@Override
	public void onApplicationEvent(ApplicationStartingEvent event) {
		if (System.getenv(WorkerIdentity.ID) != null) {
			WorkerScheduling.startOwnGroup();
		}
	}

}
