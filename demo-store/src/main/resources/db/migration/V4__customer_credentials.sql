-- Customers who can log in: a user name and a password hash ({bcrypt}, for Spring
-- Security's DelegatingPasswordEncoder). Customers who ordered through the JSON API have
-- neither. Two demo users, documented in application.yml: alice / alice-password and
-- bob / bob-password.

alter table customer add column username varchar(50);
alter table customer add column password_hash varchar(100);

create unique index customer_username_idx on customer (username);

insert into customer (email, name, street, city, postal_code, country, created_at, username, password_hash) values
	('alice@example.com', 'Alice Martin', '3 Quai de la Tournelle', 'Lyon', '69005', 'FR', timestamp with time zone '2026-03-01 12:00:00+00',
		'alice', '{bcrypt}$2a$10$B3Kthq2dEPO9mAm9NXAmIOC/lTQKoUaX1hH5J9JCJvOjzCciXhKN2'),
	('bob@example.com', 'Bob Smith', '40 Market Street', 'Manchester', 'M1 1PW', 'GB', timestamp with time zone '2026-03-01 12:00:00+00',
		'bob', '{bcrypt}$2a$10$5YdjzWlyBc2Qf8Czh0QbmuVX3oOA/GoPiTc6XorkwgxL2ecrt1emK');
