-- wrk script: a flood of successful logins (each one an argon2id verification).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"demo@companion.pt","password":"lisboa-eletrico-28"}'
