package io.clusterboot.demo.store.web;

import java.security.Principal;

import io.clusterboot.demo.store.cart.Cart;
import io.clusterboot.demo.store.cart.CartService;
import io.clusterboot.demo.store.catalog.CatalogService;
import io.clusterboot.demo.store.catalog.InsufficientStockException;
import io.clusterboot.demo.store.catalog.Product;
import io.clusterboot.demo.store.order.PurchaseOrder;
import jakarta.servlet.http.HttpSession;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.SessionAttribute;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The cart of the customer logged in, kept in the HTTP session: adding a product from its
 * page, showing the cart, removing a product, and the checkout that turns it into an
 * order. Every change stores a new {@link Cart} in the session.
 *
 * @author ClusterBoot team
 */
@Controller
@RequestMapping("/cart")
class CartController {

	/** The session attribute that holds the {@link Cart}. */
	static final String CART = "cart";

	private final CartService carts;

	private final CatalogService catalog;

	CartController(CartService carts, CatalogService catalog) {
		this.carts = carts;
		this.catalog = catalog;
	}

	@GetMapping
	String show(@SessionAttribute(name = CART, required = false) Cart cart, Model model) {
		model.addAttribute("items", this.carts.items(orEmpty(cart)));
		return "cart";
	}

	@PostMapping
	String add(@RequestParam long productId, @RequestParam(defaultValue = "1") @Min(1) @Max(Cart.MAX_QUANTITY) int quantity,
			@SessionAttribute(name = CART, required = false) Cart cart, HttpSession session,
			RedirectAttributes redirect) {
		Product product = this.catalog.product(productId);
		Cart added = orEmpty(cart).add(productId, quantity);
		session.setAttribute(CART, added);
		redirect.addFlashAttribute("message",
				"Your cart holds " + added.quantityOf(productId) + " × " + product.getName() + ".");
		return "redirect:/products/" + productId;
	}

	@PostMapping("/remove")
	String remove(@RequestParam long productId, @SessionAttribute(name = CART, required = false) Cart cart,
			HttpSession session) {
		session.setAttribute(CART, orEmpty(cart).remove(productId));
		return "redirect:/cart";
	}

	@PostMapping("/checkout")
	String checkout(@SessionAttribute(name = CART, required = false) Cart cart, Principal user, HttpSession session,
			RedirectAttributes redirect) {
		if (cart == null || cart.isEmpty()) {
			redirect.addFlashAttribute("message", "Your cart is empty.");
			return "redirect:/cart";
		}
		try {
			PurchaseOrder order = this.carts.checkout(user.getName(), cart);
			session.removeAttribute(CART);
			redirect.addFlashAttribute("message", "Thank you, your order is placed.");
			return "redirect:/orders/" + order.getId();
		}
		catch (InsufficientStockException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
			return "redirect:/cart";
		}
	}

	private static Cart orEmpty(Cart cart) {
		return (cart != null) ? cart : Cart.EMPTY;
	}

}
