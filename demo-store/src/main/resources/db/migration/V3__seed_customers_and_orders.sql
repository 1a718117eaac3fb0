-- Customers, their orders and the reviews of some products.

insert into customer (id, email, name, street, city, postal_code, country, created_at) values
	(1, 'ada@example.com', 'Ada Lovelace', '12 St James''s Square', 'London', 'SW1Y 4JH', 'GB', timestamp with time zone '2026-01-11 12:00:00+00'),
	(2, 'grace@example.com', 'Grace Hopper', '1 Navy Yard', 'Arlington', '22202', 'US', timestamp with time zone '2026-01-12 12:00:00+00'),
	(3, 'linus@example.com', 'Linus Meyer', 'Hauptstraße 5', 'Berlin', '10115', 'DE', timestamp with time zone '2026-01-13 12:00:00+00'),
	(4, 'marie@example.com', 'Marie Durand', '8 rue des Écoles', 'Paris', '75005', 'FR', timestamp with time zone '2026-01-14 12:00:00+00'),
	(5, 'sofia@example.com', 'Sofia Rossi', 'Via Roma 21', 'Torino', '10121', 'IT', timestamp with time zone '2026-01-15 12:00:00+00');

insert into purchase_order (id, customer_id, status, placed_at, total) values
	(1, 1, 'SHIPPED', timestamp with time zone '2026-02-01 10:15:00+00', 74.00),
	(2, 2, 'SHIPPED', timestamp with time zone '2026-02-03 16:40:00+00', 49.00),
	(3, 3, 'PAID', timestamp with time zone '2026-02-10 08:05:00+00', 38.70),
	(4, 4, 'SHIPPED', timestamp with time zone '2026-02-12 19:30:00+00', 159.80),
	(5, 5, 'CANCELLED', timestamp with time zone '2026-02-14 12:00:00+00', 34.95),
	(6, 1, 'PAID', timestamp with time zone '2026-02-20 09:45:00+00', 72.00),
	(7, 2, 'PLACED', timestamp with time zone '2026-02-21 14:10:00+00', 60.30),
	(8, 3, 'PLACED', timestamp with time zone '2026-02-22 11:25:00+00', 39.50),
	(9, 4, 'SHIPPED', timestamp with time zone '2026-02-23 17:50:00+00', 55.30),
	(10, 5, 'PAID', timestamp with time zone '2026-02-24 07:35:00+00', 22.90);

insert into order_line (id, order_id, product_id, quantity, unit_price) values
	(1, 1, 1, 2, 14.50),
	(2, 1, 34, 1, 45.00),
	(3, 2, 6, 1, 29.50),
	(4, 2, 17, 1, 19.50),
	(5, 3, 2, 3, 12.90),
	(6, 4, 9, 2, 11.00),
	(7, 4, 14, 1, 9.80),
	(8, 4, 28, 4, 32.00),
	(9, 5, 20, 1, 34.95),
	(10, 6, 6, 2, 29.50),
	(11, 6, 35, 2, 6.50),
	(12, 7, 1, 1, 14.50),
	(13, 7, 3, 1, 16.80),
	(14, 7, 21, 1, 29.00),
	(15, 8, 29, 1, 12.50),
	(16, 8, 33, 1, 27.00),
	(17, 9, 2, 2, 12.90),
	(18, 9, 6, 1, 29.50),
	(19, 10, 13, 2, 7.20),
	(20, 10, 10, 1, 8.50);

insert into review (id, product_id, author, rating, comment, created_at) values
	(1, 1, 'Ada', 5, 'Wonderful floral cup, my favourite pour-over.', timestamp with time zone '2026-02-06 18:00:00+00'),
	(2, 1, 'Linus', 4, 'Bright and clean. A bit light for espresso.', timestamp with time zone '2026-02-07 18:00:00+00'),
	(3, 2, 'Grace', 5, 'Sweet and easy, every morning.', timestamp with time zone '2026-02-08 18:00:00+00'),
	(4, 6, 'Marie', 4, 'Good crema, forgiving to dial in.', timestamp with time zone '2026-02-09 18:00:00+00'),
	(5, 6, 'Sofia', 5, 'Best blend I have had in years.', timestamp with time zone '2026-02-10 18:00:00+00'),
	(6, 20, 'Grace', 5, 'Fun to use and easy to clean.', timestamp with time zone '2026-02-11 18:00:00+00'),
	(7, 18, 'Linus', 3, 'Works well, the handle gets warm.', timestamp with time zone '2026-02-12 18:00:00+00'),
	(8, 23, 'Ada', 5, 'Consistent grind, worth every penny.', timestamp with time zone '2026-02-13 18:00:00+00'),
	(9, 28, 'Marie', 4, 'Nice weight and feel.', timestamp with time zone '2026-02-14 18:00:00+00'),
	(10, 34, 'Sofia', 5, 'Accurate and the timer is handy.', timestamp with time zone '2026-02-15 18:00:00+00'),
	(11, 9, 'Ada', 4, 'Classic Darjeeling, delicate.', timestamp with time zone '2026-02-16 18:00:00+00'),
	(12, 13, 'Marie', 5, 'Smells like a summer evening.', timestamp with time zone '2026-02-17 18:00:00+00');

alter table customer alter column id restart with 6;
alter table purchase_order alter column id restart with 11;
alter table order_line alter column id restart with 21;
alter table review alter column id restart with 13;
