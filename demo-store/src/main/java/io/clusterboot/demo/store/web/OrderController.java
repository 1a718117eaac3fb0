package io.clusterboot.demo.store.web;

import java.security.Principal;

import io.clusterboot.demo.store.order.OrderService;

import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The order pages of the customer logged in: the latest orders, and one order with its
 * lines. Another customer's order is not found.
 *
 * @author ClusterBoot team
 */
@Controller
@RequestMapping("/orders")
class OrderController {

	private static final int PAGE_SIZE = 20;

	private final OrderService orders;

	OrderController(OrderService orders) {
		this.orders = orders;
	}

	@GetMapping
	String list(@RequestParam(defaultValue = "0") int page, Principal user, Model model) {
		model.addAttribute("orders", this.orders.latestOf(user.getName(), PageRequest.of(Math.max(0, page), PAGE_SIZE)));
		return "orders/list";
	}

	@GetMapping("/{id}")
	String detail(@PathVariable long id, Principal user, Model model) {
		model.addAttribute("order", this.orders.orderOf(user.getName(), id));
		return "orders/detail";
	}

}
