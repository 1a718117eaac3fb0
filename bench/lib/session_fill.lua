-- wrk script of bench/sessions.sh: fills a server with new sessions of a given size.
--   wrk ... -s session_fill.lua URL -- <bytes> <sessions of thread 1> <sessions of thread 2> ...
-- Each thread POSTs /visits/payload?bytes=<bytes> without a cookie (each request makes a new
-- session) until it has sent its share, then GETs /hello (no session) until wrk stops. Once every
-- request of its share is answered it writes "filled: created C, failed F" and stops; the
-- caller stops wrk once every thread has.

local count = 0

function setup(thread)
	count = count + 1
	thread:set("id", count)
end

function init(args)
	share = tonumber(args[1 + id])
	fill = wrk.format("POST", "/visits/payload?bytes=" .. args[1])
	idle = wrk.format("GET", "/hello")
	-- wrk calls the first thread's request() once before the run, to check what it returns
	checking = id == 1
	sent = 0
	created = 0
	failed = 0
end

function request()
	if checking then
		checking = false
		return fill
	end
	if sent < share then
		sent = sent + 1
		return fill
	end
	return idle
end

function response(status, headers, body)
	if status ~= 200 then
		failed = failed + 1
	elseif headers["Set-Cookie"] ~= nil then
		created = created + 1
	else
		return
	end
	if created + failed == share then
		io.write(string.format("filled: created %d, failed %d\n", created, failed))
		io.flush()
		wrk.thread:stop()
	end
end
