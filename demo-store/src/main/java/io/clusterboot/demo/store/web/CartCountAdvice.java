package io.clusterboot.demo.store.web;

import io.clusterboot.demo.store.cart.Cart;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.SessionAttribute;

/**
 * Tells every page how many articles the cart holds, for the header. Reading it creates
 * no session: a visitor who never added anything has none.
 *
 * @author ClusterBoot team
 */
@ControllerAdvice(basePackageClasses = CartCountAdvice.class)
class CartCountAdvice {

	@ModelAttribute("cartCount")
	int cartCount(@SessionAttribute(name = CartController.CART, required = false) Cart cart) {
		return (cart != null) ? cart.count() : 0;
	}

}
