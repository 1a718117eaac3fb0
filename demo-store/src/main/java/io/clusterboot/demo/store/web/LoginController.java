package io.clusterboot.demo.store.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The login page of the store; Spring Security handles what its form posts.
 *
 * @author ClusterBoot team
 */
@Controller
class LoginController {

	@GetMapping("/login")
	String login() {
		return "login";
	}

}
