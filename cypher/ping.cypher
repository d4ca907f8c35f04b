// Is the server reachable and answering?
RETURN 1 AS ok
