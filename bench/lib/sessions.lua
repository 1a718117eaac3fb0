-- wrk script of bench/sessions.sh: clients that each keep a session of their own.
--   [SESSIONS_DELAY_MS=<ms>] wrk ... -s sessions.lua URL -- <sessions per thread>
-- Each thread sends its first requests without a cookie, as many as it has sessions (one per
-- connection), keeps the cookie of every Set-Cookie that answers them, and from then on sends
-- those cookies in turn: one request after another on a connection carries the next session,
-- so each session has about one request in flight, as a user's browser would. (wrk's scripts
-- cannot tell its connections apart, so a thread's connections share its sessions.) Every
-- Set-Cookie after the first ones is a session the server did not find any more: lost.
-- With SESSIONS_DELAY_MS, each connection waits that long after each response (a paced load;
-- wrk asks for a delay only if the script defines delay(), before it passes the arguments).
-- done() prints "sessions: created C, lost L, cookie NAME".

local threads = {}

function setup(thread)
	table.insert(threads, thread)
	thread:set("id", #threads)
end

function init(args)
	-- wrk calls the first thread's request() once before the run, to check what it returns
	checking = id == 1
	per_thread = tonumber(args[1])
	requests = {} -- one per session, with its cookie
	awaited = 0 -- requests sent without a cookie that have not been answered
	next_session = 0
	created = 0
	lost = 0
	cookie_name = ""
	plain = wrk.format()
end

function request()
	if checking then
		checking = false
		return plain
	end
	if #requests + awaited < per_thread or #requests == 0 then
		awaited = awaited + 1
		return plain
	end
	next_session = next_session % #requests + 1
	return requests[next_session]
end

function response(status, headers, body)
	local cookie = headers["Set-Cookie"]
	if cookie == nil then
		return
	end
	local pair = cookie:match("^[^;]+")
	cookie_name = pair:match("^[^=]+")
	created = created + 1
	if #requests < per_thread and awaited > 0 then
		awaited = awaited - 1
		-- wrk.format leaves out wrk.headers (-H) when given headers: copy them
		local headers = { Cookie = pair }
		for name, value in pairs(wrk.headers) do
			headers[name] = value
		end
		table.insert(requests, wrk.format(nil, nil, headers))
	else
		lost = lost + 1
	end
end

local pause = tonumber(os.getenv("SESSIONS_DELAY_MS") or "0")
if pause > 0 then
	function delay()
		return pause
	end
end

function done(summary, latency, requests)
	local created_all, lost_all, name = 0, 0, ""
	for _, thread in ipairs(threads) do
		created_all = created_all + thread:get("created")
		lost_all = lost_all + thread:get("lost")
		name = thread:get("cookie_name")
	end
	io.write(string.format("sessions: created %d, lost %d, cookie %s\n", created_all, lost_all, name))
end
