package io.clusterboot.internal.worker;

import java.util.List;

import io.clusterboot.internal.ipc.ControlMessage;

/**
 * Passes the number of workers, which the master sends when the worker connects and
 * after every scaling, on to the web server's connectors.
 *
 * @author ClusterBoot team
 */
public class WorkerCountListener {

	/**
	 * Starts listening.
	 * @param control the control channel
	 * @param connectors the web server's connectors
	 */
	public WorkerCountListener(WorkerControl control, List<WorkerConnectors> connectors) {
		control.onMessage(ControlMessage.WORKER_COUNT, (message) -> {
			int count = (int) message.number("count");
			if (count > 0) {
				connectors.forEach((connector) -> connector.workerCount(count));
			}
		});
	}

}
