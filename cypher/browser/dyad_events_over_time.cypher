// Every piece of evidence between two actors (and their officers and ministries), month by month
// (set $a and $b to actor keys, e.g. "IRN" and "AZE").
MATCH (e:Evidence)
WHERE (e.source IN [$a, $b] OR e.source STARTS WITH "officer:" + toLower($a) + ":" OR e.source STARTS WITH "ministry:" + toLower($a) + ":"
       OR e.source STARTS WITH "officer:" + toLower($b) + ":" OR e.source STARTS WITH "ministry:" + toLower($b) + ":")
  AND (e.target IN [$a, $b] OR e.target STARTS WITH "officer:" + toLower($a) + ":" OR e.target STARTS WITH "ministry:" + toLower($a) + ":"
       OR e.target STARTS WITH "officer:" + toLower($b) + ":" OR e.target STARTS WITH "ministry:" + toLower($b) + ":")
RETURN substring(e.published, 0, 7) AS month, e.type AS type, count(*) AS events, avg(e.confidence) AS confidence
ORDER BY month, type
