package io.clusterboot.demo.store.web;

import io.clusterboot.demo.store.StoreProperties;
import io.clusterboot.demo.store.catalog.CatalogService;
import io.clusterboot.demo.store.catalog.Product;
import io.clusterboot.demo.store.catalog.ReviewForm;
import io.clusterboot.demo.store.order.OrderService;
import jakarta.validation.Valid;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The catalog pages: the list of products, a product with its reviews, and the form of a
 * product page to review it (its form to add it to the cart goes to the cart).
 *
 * @author ClusterBoot team
 */
@Controller
@RequestMapping("/products")
class ProductController {

	private static final int MAX_PAGE_SIZE = 48;

	private final CatalogService catalog;

	private final OrderService orders;

	private final StoreProperties properties;

	ProductController(CatalogService catalog, OrderService orders, StoreProperties properties) {
		this.catalog = catalog;
		this.orders = orders;
		this.properties = properties;
	}

	@GetMapping
	String list(@RequestParam(defaultValue = "0") int page, @RequestParam(required = false) Integer size,
			@RequestParam(required = false) String category, @RequestParam(required = false) String q,
			Model model) {
		int pageSize = Math.max(1, Math.min((size != null) ? size : this.properties.pageSize(), MAX_PAGE_SIZE));
		PageRequest request = PageRequest.of(Math.max(0, page), pageSize, Sort.by("name"));
		Page<Product> products = this.catalog.products(category, q, request);
		model.addAttribute("products", products);
		model.addAttribute("categories", this.catalog.categories());
		model.addAttribute("bestSellers", this.orders.bestSellers());
		model.addAttribute("category", category);
		model.addAttribute("q", q);
		return "products/list";
	}

	@GetMapping("/{id}")
	String detail(@PathVariable long id, Model model) {
		model.addAttribute("reviewForm", new ReviewForm());
		return detailView(id, model);
	}

	@PostMapping("/{id}/reviews")
	String review(@PathVariable long id, @Valid @ModelAttribute("reviewForm") ReviewForm form, BindingResult result,
			Model model, RedirectAttributes redirect) {
		if (result.hasErrors()) {
			return detailView(id, model);
		}
		this.catalog.addReview(id, form);
		redirect.addFlashAttribute("message", "Thank you for your review.");
		return "redirect:/products/{id}";
	}

	private String detailView(long id, Model model) {
		Product product = this.catalog.product(id);
		model.addAttribute("product", product);
		model.addAttribute("rating", this.catalog.rating(id));
		model.addAttribute("reviews", this.catalog.latestReviews(id));
		return "products/detail";
	}

}
