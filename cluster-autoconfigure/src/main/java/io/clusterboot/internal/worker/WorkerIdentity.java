package io.clusterboot.internal.worker;

import java.nio.file.Path;

import org.springframework.core.env.Environment;

/**
 * Who a worker is, as told by the master in the worker's environment. Each value is also
 * a property of the worker's Spring environment ({@code CLUSTER_WORKER_SLOT} is
 * {@code cluster.worker.slot}).
 *
 * @param id the worker's id, unique in the cluster's life
 * @param slot the worker's place, from 1 to the number of workers, kept by its
 * replacements
 * @param generation the generation of the code it runs, raised by every reload
 * @param count the number of workers the cluster runs
 * @param controlSocket the master's control socket
 * @author ClusterBoot team
 */
public record WorkerIdentity(long id, int slot, int generation, int count, Path controlSocket) {

	/**
	 * Environment variable that holds the worker's id; its presence makes a process a
	 * worker.
	 */
	public static final String ID = "CLUSTER_WORKER_ID";

	/**
	 * Environment variable that holds the worker's slot.
	 */
	public static final String SLOT = "CLUSTER_WORKER_SLOT";

	/**
	 * Environment variable that holds the worker's generation.
	 */
	public static final String GENERATION = "CLUSTER_WORKER_GENERATION";

	/**
	 * Environment variable that holds the number of workers.
	 */
	public static final String COUNT = "CLUSTER_WORKER_COUNT";

	/**
	 * Environment variable that holds the path of the master's control socket.
	 */
	public static final String CONTROL_SOCKET = "CLUSTER_CONTROL_SOCKET";

	/**
	 * Environment variable that holds the nice value a serving worker takes, in a
	 * scheduling group of its own, so that a starting one gets more of the CPU; absent
	 * when workers share the master's. Unlike the others, it is not a property: its name
	 * binds to none.
	 */
	public static final String SERVING_NICE = "CLUSTERBOOT_SERVING_NICE";

	/**
	 * Property that is set in workers only.
	 */
	public static final String ID_PROPERTY = "cluster.worker.id";

	/**
	 * Reads the identity from a worker's environment.
	 * @param environment the environment
	 * @return the identity
	 */
	public static WorkerIdentity from(Environment environment) {
		return new WorkerIdentity(environment.getRequiredProperty(ID_PROPERTY, Long.class),
				environment.getRequiredProperty("cluster.worker.slot", Integer.class),
				environment.getRequiredProperty("cluster.worker.generation", Integer.class),
				environment.getRequiredProperty("cluster.worker.count", Integer.class),
				Path.of(environment.getRequiredProperty("cluster.control.socket")));
	}

	@Override
	public String toString() {
		return "worker " + this.slot + " (id " + this.id + ", generation " + this.generation + ")";
	}

}
