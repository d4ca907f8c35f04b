// Which of these actor keys are stored already.
UNWIND $keys AS key
MATCH (a:Actor {key: key})
RETURN a.key AS key
