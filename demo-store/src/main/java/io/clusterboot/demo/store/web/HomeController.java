package io.clusterboot.demo.store.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Sends visitors of the home page to the catalog.
 *
 * @author ClusterBoot team
 */
@Controller
class HomeController {

	@GetMapping("/")
	String home() {
		return "redirect:/products";
	}

}
