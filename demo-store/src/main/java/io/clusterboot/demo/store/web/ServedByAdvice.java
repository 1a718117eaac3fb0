package io.clusterboot.demo.store.web;

import org.springframework.core.env.Environment;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Tells every page which process served it, for the footer: handy to watch requests
 * spread over the workers of a cluster.
 *
 * @author ClusterBoot team
 */
@ControllerAdvice(basePackageClasses = ServedByAdvice.class)
class ServedByAdvice {

	private final String servedBy;

	ServedByAdvice(Environment environment) {
		String slot = environment.getProperty("cluster.worker.slot");
		this.servedBy = "process " + ProcessHandle.current().pid() + ((slot != null) ? ", worker " + slot : "");
	}

	@ModelAttribute("servedBy")
	String servedBy() {
		return this.servedBy;
	}

}
