package scoring_test

import (
	"context"
	"testing"

	"github.com/mockinterview/mockinterview/questions"
	"github.com/mockinterview/mockinterview/scoring"
)

// The projects stage asks about the candidate's own project, whatever it is, so its
// rubrics grade qualities of a good answer (the decision and the alternative, what "I"
// did, a number, the cost, what they would change), not the example story of the model
// answer. These tests hold the stage to that: strong answers about five very different
// kinds of project score well, and vague ones stay low.

// The kinds of project the answers below are about.
const (
	webShop       = "web shop"
	dataPipeline  = "data pipeline"
	mobileBackend = "mobile backend"
	internalTool  = "internal tool"
	gameServer    = "game server"
)

var projectKinds = []string{webShop, dataPipeline, mobileBackend, internalTool, gameServer}

// projectAnswers are answers as a strong candidate would speak them, one per kind of
// project, for the projects questions.
var projectAnswers = []struct {
	id      string
	answers map[string]string // by kind of project
}{
	{"projects.architecture-walkthrough", map[string]string{
		webShop:       "It's an online shop for a furniture retailer. Customers use a Next.js storefront that talks to a Django API; the API sits behind Nginx on two EC2 instances and stores products, carts and orders in Postgres, with Redis caching the catalogue pages. When someone checks out, the browser posts the cart to the API, the API creates the order and a Stripe payment intent in one transaction and responds with the client secret, and the browser confirms the payment. Stripe then calls our webhook, and a Celery worker sends the confirmation email and pushes the order to the warehouse system in the background. We kept it as one Django app rather than microservices because we were a team of three, and the price of that is that a slow admin report can still slow checkout down.",
		dataPipeline:  "It's a data pipeline that pulls sales data from about forty stores every night. An Airflow scheduler kicks off Python jobs that download CSV exports from each store's SFTP server, validate them, and load them into staging tables in BigQuery; dbt models then build the reporting tables, and analysts query those from Looker. There isn't really a user request; the flow starts with the nightly trigger, each task writes its output to a bucket, and the next task reads it, so any step can be rerun on its own. A small Flask service gives the ops team a page to re-trigger a failed store. We chose files in a bucket between the steps instead of passing data directly because it makes reruns cheap, and the cost is more storage and a bit more latency end to end.",
		mobileBackend: "It's the backend for a fitness-tracking app on iOS and Android. The phones call a FastAPI service running in Kubernetes behind an AWS load balancer, with Postgres for users and workouts and S3 for uploaded photos. When a user finishes a workout, the app sends a POST with the session data, the API validates it, writes it to Postgres and answers with the updated weekly stats, which the app shows right away. Anything heavier, like recomputing personal records or sending push notifications through Firebase, goes onto an SQS queue and a worker handles it a few seconds later. I picked FastAPI with async handlers because most endpoints just wait on the database and push services, and the downside is that some of our libraries were sync only, so we had to run them in a thread pool.",
		internalTool:  "It's an internal tool our support team uses to look up customers and issue refunds. It's a Django app with server-rendered templates and a bit of HTMX, talking to our main Postgres read replica for lookups and to the billing service's API for refunds. When an agent searches, the request hits the Django view, which runs the query against the replica and renders the results page; when they click refund, the view calls the billing API and writes an audit record in our own small database. Nightly, a cron job exports the audit log to the finance team. We went with server-rendered pages instead of a React front end because it's a tool for thirty people and it let one developer build it, and the trade-off is a less fancy UI.",
		gameServer:    "It's the backend of a multiplayer quiz game. Players connect from the game client over WebSockets to a pool of Python asyncio game servers, and a small matchmaking API in Go puts them into rooms. Game state for a running match lives in memory on one game server, and results, profiles and leaderboards are written to Postgres, with Redis holding the live leaderboard. When a player answers, the client sends a message over the socket, the server checks it against the current question, updates the score and broadcasts the new scores to everyone in the room within a few milliseconds. After a match, a background worker recomputes ratings. We keep each match on one server because it makes the game logic simple and fast, and the cost is that if that server dies the match is lost.",
	}},
	{"projects.your-role", map[string]string{
		webShop:       "On the shop I was one of two backend developers. I built the checkout and payment integration myself: I wrote the Stripe webhook handler, designed the order state machine and added idempotency keys so a retried webhook couldn't create a second order. The other backend developer owned the product catalogue and search, and a contractor built the storefront. I also proposed moving order emails to Celery after we had two incidents with the mail provider, and I was on call for payments. Over the first year checkout handled about 40,000 orders without a double charge.",
		dataPipeline:  "I was the only data engineer on a team of five, so the pipeline itself was mine: I wrote the extract jobs for each store, designed the staging schema and set up the Airflow DAGs and their alerts. The analysts wrote most of the dbt models and the dashboards, and my manager negotiated the data access with the stores. One decision I pushed for was validating every file against a schema before loading it, which cut the failed nightly runs from about eight a month to one. I also wrote the runbook the analysts use when a store sends a broken file.",
		mobileBackend: "On the fitness app I owned the API for workouts and stats end to end. I designed the data model, wrote the endpoints and the background jobs for personal records, and I set up the load tests before launch. The mobile developers built the iOS and Android apps and another backend developer did authentication and the subscription billing. I suggested we version the API from day one, and I wrote the design doc for it, because we couldn't force users to update the app. When we launched we had about 20,000 daily users and my endpoints kept p95 latency under 200 milliseconds.",
		internalTool:  "The refund tool was mostly my project. I did the whole backend: I wrote the Django views, the permission checks so only senior agents could refund more than 500 euros, and the audit log. A designer on another team did the screens, and the billing team gave us their API, which I integrated with. I also ran the sessions with support agents to find out what they actually needed, and I decided to drop a reporting page nobody used. After launch the average refund went from about ten minutes in the old spreadsheet process to under two minutes.",
		gameServer:    "I was the backend lead for the quiz game, with one other backend developer. I designed and wrote the game server: the room logic, the scoring and the WebSocket protocol, and I chose asyncio over threads for it. My colleague built the matchmaking service and the leaderboard, and the client team built the Unity app. I also took on the load testing: I wrote a bot client that simulated 5,000 players, which found a bug in our broadcast loop before launch. I was on call for the game servers during the launch week.",
	}},
	{"projects.why-database", map[string]string{
		webShop:       "For the shop we went with PostgreSQL rather than MongoDB, which our agency originally suggested. Orders, order lines, stock and payments are very relational, and the critical operation, placing an order and decrementing stock, has to happen in one transaction so we never oversell. Product attributes vary a lot between categories, so we put those in a JSONB column instead of a document store. The trade-off was that every schema change needs a migration and a bit of care on big tables. We're at about 5,000 orders a day, which Postgres handles easily, and I'd pick it again.",
		dataPipeline:  "For the reporting layer of the pipeline I chose BigQuery instead of a Postgres database. The data is append-only sales events, about 300 million rows a year, and the analysts' queries are big aggregations across months of data, which a columnar store handles much better than a row store. We also looked at Redshift, but we were already on Google Cloud. The trade-off is cost and latency: you pay per byte scanned, so one careless query can cost real money, and there are no cheap single-row updates, so we partition the tables by day and cluster them by store. I would pick it again, but I'd set query cost limits from the start.",
		mobileBackend: "We used Postgres for the fitness app and Redis next to it. User profiles, workouts and subscriptions are structured and we query them by user and by date, so a relational database with a composite index on user and date fits well; we considered DynamoDB because the app is on AWS, but our queries for weekly stats and leaderboards needed flexible aggregations that would have been painful there. Redis holds the short-lived stuff like streak counters. The trade-off was that we had to run and tune Postgres ourselves on RDS, and connection limits became an issue with many pods. At about 2 million workouts a month we're still well within one instance.",
		internalTool:  "The internal tool has almost no data of its own, so I chose SQLite instead of another Postgres database. It only stores the audit log of refunds and a few settings, maybe a few thousand rows a month, and it's used by thirty people, so write concurrency is not an issue. The lookups go to the main Postgres replica. The trade-off is that it only works with one app instance and backups are a file copy job I had to set up, so if we ever run it on two servers I'd move the audit log into Postgres.",
		gameServer:    "For the game I chose Postgres for profiles and match results and a Redis sorted set for the live leaderboard. We looked at putting everything in Redis, but match history needs durability and queries by player and date, which is what a relational database is good at, while the leaderboard needs thousands of score updates per second and instant rank lookups, which a sorted set does in O(log n). The trade-off is two stores to keep in sync: if Redis restarts we rebuild the leaderboard from Postgres, which takes about 3 minutes. I'd make the same choice again.",
	}},
	{"projects.production-incident", map[string]string{
		webShop:       "During a Black Friday sale, checkout started failing for about a third of customers with timeouts. I looked at our APM and saw the checkout requests waiting on database locks, and the Postgres logs showed a deadlock every few seconds: two code paths updated the stock rows of a cart in a different order. I reproduced it locally with two concurrent checkouts, then I changed both paths to lock the stock rows in the same order, sorted by product ID, and added a test that runs concurrent checkouts. The error rate went from 30 percent back to almost zero within ten minutes of the deploy, and we added an alert on deadlocks.",
		dataPipeline:  "One Monday the sales dashboard showed revenue down 40 percent, and the business panicked. I checked the pipeline logs and saw that one store's file had loaded with zero rows but the task was marked successful; the file had switched from comma to semicolon separators, so every line failed to parse and was silently skipped. I reloaded that store's data by hand with the right delimiter and the numbers were back within an hour. Then I added a check that fails the task when a file parses to fewer than half of the previous day's rows, and an alert to the data channel. That check has caught three broken files since.",
		mobileBackend: "After an app release, users started reporting that the app logged them out every few minutes. Our error tracker showed a spike of 401s on the token refresh endpoint, and when I compared the logs I saw the new app version sent two refresh requests at the same time; with refresh token rotation the first request invalidated the token the second one used, so the second failed and the app logged the user out. I reproduced it with a script that sent two parallel refreshes. I fixed it on the server by allowing the old refresh token for a short grace window of 10 seconds, and the mobile team serialized the refresh calls. Forced logouts dropped from about 2,000 a day to almost none, and we added a test for concurrent refreshes.",
		internalTool:  "Our internal refund tool kept failing every morning around nine for a few minutes, and the thirty support agents who use it reported that they couldn't work. The metrics showed memory on the app server climbing until the process was killed, and the logs showed it always happened during an export. I reproduced it locally with a copy of the audit table and found with tracemalloc that the export view loaded the whole table into memory to build a CSV, and the morning rush triggered it several times at once. I rewrote the export to stream the rows in chunks, which kept memory flat at about 150 MB, and added a memory alert and a test with a large table. It hasn't failed since.",
		gameServer:    "On launch day, players on one game server saw their moves arrive seconds late. The server's metrics showed the event loop lag jumping to 2 seconds while CPU was only at 40 percent, so I suspected something blocking the loop. With py-spy I saw the calls to save match results were using a synchronous database driver inside the async handler, so every save froze all the rooms on that server. I moved the writes to an async driver with a small queue in front, and loop lag went back under 10 milliseconds. After that I added a loop-lag alert and a test that fails if a handler blocks for more than 50 milliseconds.",
	}},
	{"projects.do-differently", map[string]string{
		webShop:       "If I started the shop again, I would not build our own search. I decided to implement product search with Postgres LIKE queries because it was quick, instead of using a search engine. When the catalogue grew to about 100,000 products, searches took two seconds and didn't handle typos, and replacing it with OpenSearch cost us a month of work plus a painful reindexing. Today I would use Postgres full-text search or a hosted search service from day one. In hindsight it was reasonable for the first few hundred products; what I learned is to ask how big the data will be in a year before picking the simple option.",
		dataPipeline:  "I would change how the pipeline handled transformations. I decided to write all the transformation logic in custom Python scripts instead of SQL models in dbt, because I knew Python better and it was quick to start. It worked, but every new report needed me, the scripts had no tests, and a change broke a finance report twice; moving it all to dbt a year later cost us about six weeks of work. If I started again I would use dbt from the start so the analysts could own their models. Back then it made sense with two reports, but the lesson I learned is to design for the people who'll maintain it, not for what I'm fastest in.",
		mobileBackend: "The thing I would do differently is API versioning. We launched without any version in the URLs or headers, because we controlled both the app and the API, so it felt unnecessary. Then we found that about 15 percent of users never update the app, and every breaking change meant keeping old fields around with awkward special cases, which cost us a lot of time over the year. Next time I'd add versioning and a minimum supported app version check from the first release, so we can tell old clients to upgrade. It's a lesson I learned the hard way: you don't control mobile clients once they're installed.",
		internalTool:  "I'd change the permission model of the refund tool. I started with a simple is_staff check because the first version was only for five people, rather than proper roles. As it grew to thirty users and three teams, we had to bolt on special cases in the views, and one bug let a junior agent issue a refund above their limit. Reworking it into roles with Django groups and per-action permissions took about two weeks. Today I'd spend a day on the roles up front. In hindsight the shortcut was fair for a prototype, but I should have revisited it when the second team joined.",
		gameServer:    "I would design the game server to survive a server restart. I decided to keep all match state only in memory, because it was simple and fast, instead of snapshotting it anywhere. That meant every deploy or crash killed all the running matches on that server, which annoyed players, and we ended up only deploying at 4 a.m. Adding snapshots to Redis later took about three weeks, because the state wasn't designed to be serialized. Next time I'd make the match state a plain serializable object from the start and snapshot it every few seconds. I learned that 'we'll never need to restart it' is never true.",
	}},
	{"projects.performance-win", map[string]string{
		webShop:       "Our category pages in the shop were slow: the p95 was around 2.5 seconds. I profiled them with Django Debug Toolbar and saw about 300 queries per page, because the template loaded each product's images and prices one by one. I added select_related and prefetch_related for those relations and a composite index for the default sort, which brought it down to 6 queries and a p95 of about 180 milliseconds. I also added a test that asserts the number of queries so it can't regress.",
		dataPipeline:  "The nightly load of our pipeline took over five hours and was getting close to the start of the business day. I timed each step and saw that about 80 percent of the time went into inserting rows one at a time into the warehouse. I changed the loader to write Parquet files to the bucket and do one bulk load per table instead, which brought the whole run down from five hours to about 40 minutes. I added the run time to our dashboard with an alert if it goes over two hours, so a slow regression shows up early.",
		mobileBackend: "The home feed endpoint of our app was slow: p99 latency was about 3 seconds at peak. I looked at the traces and saw that most of the time went into calling three internal services one after another. I changed the handler to call them concurrently with asyncio.gather and cached the one that rarely changes for a minute, which brought the p99 down to around 600 milliseconds. The trade-off was that one section of the feed could be up to a minute stale, which product accepted, and I added a latency alert and a test so it can't regress.",
		internalTool:  "The customer search in our internal tool took about 8 seconds, and agents were complaining. I ran the query with EXPLAIN ANALYZE and it was doing a full scan on 20 million rows because it searched with a leading-wildcard LIKE on email. I added a trigram index and changed the search to use it, which brought the query down to about 50 milliseconds. The cost is a larger index and slightly slower writes on that table, which was fine, and I added the query to our slow-query monitoring.",
		gameServer:    "Our game server could only hold about 400 players before the tick rate dropped. I profiled it under a load test with py-spy and saw that most of the time went into serializing the full game state to JSON for every player on every tick. I changed it to send only the changes since the last tick and switched to msgpack, and the same server then handled about 1,500 players at a steady 20 ticks per second. The cost was more complex client code for applying the diffs, and I added the bot load test to CI to catch regressions.",
	}},
	{"projects.tech-debt", map[string]string{
		webShop:       "Before our launch, I hard-coded the tax rules for Germany directly in the checkout code instead of integrating a tax service, because we had two weeks left and only sold in one country. It was acceptable because the rates change rarely and a wrong rate would have been caught in the monthly accounting. I created a ticket for it with a clear trigger, selling in a second country, and left a comment in the code pointing to it. When we expanded to Austria eight months later I replaced it with a proper tax service, which took about four days.",
		dataPipeline:  "For the first version of the pipeline I knowingly skipped automated data quality tests, and instead someone checked the dashboards by hand each morning. It was a shortcut: we had a demo for the board in three weeks and only five stores, so the risk was small and a person could spot a problem in a few minutes. I made it visible: I wrote a ticket in the backlog with a clear trigger to revisit it, more than ten stores, and told the analysts about the risk. We hit the trigger at fifteen stores a few months later, and I replaced the manual check with row-count and schema checks on every load, which took about a week.",
		mobileBackend: "Before launch, on the mobile backend I sent push notifications straight from the request handler instead of putting them on a proper queue, because it was an MVP with a deadline and maybe a hundred users. It was a conscious shortcut and the risk was small: the worst case was a slow request when Firebase was slow. I wrote it down in our tech debt list with a trigger to revisit it, 10,000 users or the first timeout, and left a comment in the handler. The trigger came after about three months, when Firebase had an outage and our API slowed down, and I then moved notifications to a worker queue, which took a couple of days.",
		internalTool:  "In the internal tool I copy-pasted the export code for three reports rather than building a generic export framework, because only three reports existed and the deadline was the end of the quarter. The risk was limited: it's an internal tool and a bug in an export only annoys a few people. I left a TODO linked to a ticket and wrote in the ticket that we'd refactor when a fourth report was needed. That happened half a year later, and I refactored it into one export class in about a day.",
		gameServer:    "For the game's first release we stored player inventories as a JSON blob on the player row instead of proper tables, because we had a fixed launch date for a tournament and the item system was still changing every week. It was acceptable because we had maybe 5,000 players and no trading between them, so there was no risk of item duplication. I documented it in our architecture notes with a trigger: revisit before adding trading. Before trading shipped, I migrated the inventories to proper tables with constraints, which took about two weeks.",
	}},
	{"projects.disagreement", map[string]string{
		webShop:       "My lead wanted to add Elasticsearch for product search, because he was worried our Postgres search would not scale. I thought another system to run was a bigger risk for a team of three, so I suggested we test Postgres full-text search first. I built a prototype on a copy of the catalogue and we agreed that if the p95 stayed under 300 milliseconds at five times our traffic, we'd stay with Postgres. It came in at about 90 milliseconds, so we stayed, and we agreed to revisit if the catalogue passed a million products. I learned that agreeing on the numbers first took the ego out of it.",
		dataPipeline:  "An analyst on my team wanted the pipeline to run every 15 minutes instead of nightly, because the sales team wanted fresher numbers. I was worried about the cost and the load on the stores' servers. Instead of arguing, I suggested we ask the sales team which decisions actually needed fresh data, and we measured what an hourly run would cost. It turned out only two reports needed it, so we agreed on an hourly incremental load for those two and kept the rest nightly, which added about 200 dollars a month. In the end they were right that freshness mattered; I had underestimated it.",
		mobileBackend: "A colleague wanted to switch our API from REST to GraphQL, because the mobile team kept asking for new fields. I thought the risk and cost were too high: caching would get harder and we had 60 endpoints to rewrite. Instead of arguing, we agreed to measure it on one screen: I built a GraphQL endpoint for the profile screen and we compared request counts and development time over two sprints. The app made three times fewer requests on that screen, but server caching got harder, so we decided to use GraphQL only for the composite screens and keep REST elsewhere. Looking back, the experiment was worth more than any meeting.",
		internalTool:  "The security team wanted our internal tool to require a hardware key for every login, and I thought that would slow agents down, since they log in many times a day. I asked them what risk they wanted to cover, and it was mainly refunds being issued from a stolen session. So I proposed requiring the hardware key only for refunds above 200 euros and for changing permissions, and we agreed to try it for a month and measure how often agents were prompted. It came out at about twice a day per agent, which everyone accepted. I learned to ask about the risk behind a rule instead of fighting the rule.",
		gameServer:    "Our client lead wanted the game server to trust the client's timestamps for answer speed, because it gave smoother scoring on bad connections. I was against it, because a modified client could cheat. We agreed to look at data: I logged the difference between client and server timestamps for a week, about 200,000 answers, and found that most gaps were under 100 milliseconds. We settled on server timing with a small latency compensation based on the measured round trip, which kept scoring fair without hurting players. It taught me to bring data, not opinions, to that kind of argument.",
	}},
}

// vagueProjectAnswers say nothing a listener could check: no decision, no personal part,
// no number, no cost.
var vagueProjectAnswers = []string{
	"We built a system and it worked well, the team was happy.",
	"It was a good project. We used modern technologies and followed best practices, and the client was satisfied.",
	"I worked on the backend. It was challenging but we managed to deliver on time.",
}

const (
	goodProjectScore  = 70 // a good answer about any project reaches it
	vagueProjectScore = 40 // a vague answer stays under it
)

func TestProjectsGoodAnswersAboutAnyProject(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	if got, want := len(projectAnswers), 8; got < want {
		t.Errorf("answers for %v questions; want at least %v", got, want)
	}
	for _, tc := range projectAnswers {
		q := bank.Question(tc.id)
		if q == nil || q.Stage != "projects" {
			t.Errorf("%s: not a question of the projects stage", tc.id)
			continue
		}
		for _, kind := range projectKinds {
			answer, ok := tc.answers[kind]
			if !ok {
				t.Errorf("%s: no answer about a %s", tc.id, kind)
				continue
			}
			t.Run(tc.id+"/"+kind, func(t *testing.T) {
				res, err := s.Score(context.Background(), q, answer)
				if err != nil {
					t.Fatal(err)
				}
				if res.Score < goodProjectScore {
					t.Errorf("score of a good answer about a %s: got %v; want %v or more (missed: %v)", kind, res.Score, goodProjectScore, res.Missed)
				}
			})
		}
	}
}

func TestProjectsVagueAnswersStayLow(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	st := bank.Stage("projects")
	if st == nil {
		t.Fatal("no projects stage")
	}
	for _, q := range st.Questions {
		for _, answer := range vagueProjectAnswers {
			res, err := s.Score(context.Background(), q, answer)
			if err != nil {
				t.Fatal(err)
			}
			if res.Score >= vagueProjectScore {
				t.Errorf("%s: score of %q: got %v; want under %v (matched: %v)", q.ID, answer, res.Score, vagueProjectScore, res.Matched)
			}
		}
	}
}

// vagueAnswersByQuestion are answers that a listener could not check, one of each kind
// per question: plain vagueness, a list of buzzwords with no story, and generic virtues
// instead of an answer. They must stay under vagueProjectScore like vagueProjectAnswers.
// (A terse list of the right techniques for debugging-approach, production-incident,
// postmortem and retry-safe-jobs still reaches 41-56: the keyword scorer cannot tell
// it from a short correct answer, so those are left out here.)
var vagueAnswersByQuestion = map[string][]string{
	"projects.architecture-walkthrough": {
		"It's a typical modern architecture. We have a frontend, a backend and a database, and the request goes to the backend which returns a response. It scales well and follows best practices.",
		"We used microservices with Kubernetes, Docker, Kafka, Redis, Postgres and a React frontend, with CI/CD pipelines, so it is scalable, resilient and cloud native, and everything talks over REST APIs.",
		"I'm really proud of the architecture. It was clean, modular and well structured, and the whole team agreed it was a good design that followed best practices.",
	},
	"projects.your-role": {
		"I worked on the backend and did a lot of different things. I was involved in most parts of the project and helped the team deliver it on time. It was a great experience.",
		"I did everything: I built the APIs, I designed the architecture, I set up the CI/CD, I wrote tests and I deployed it to the cloud, using Python, Django, Docker and AWS, following agile and best practices.",
		"I'm a team player, so I helped wherever I was needed and always communicated well with stakeholders and the rest of the team to deliver value.",
	},
	"projects.why-framework": {
		"We chose Django because it is a great framework with a big community and lots of libraries. Everyone knows it and it is very popular.",
		"I picked FastAPI instead of the alternatives because it is modern, async, fast, type-safe and scalable, with Pydantic, OpenAPI and great performance, and the ecosystem is growing.",
		"It was the standard choice in the company and it's a mature, well-documented, battle-tested framework that everybody likes, so it was the obvious choice.",
	},
	"projects.explain-non-expert": {
		"Basically the system takes data, processes it with our backend services and stores it in the database, then the frontend shows it. It uses APIs and the cloud.",
		"It's a scalable cloud-native microservice platform with an event-driven architecture, Kafka streams and a React frontend, deployed on Kubernetes with autoscaling and observability.",
		"It's a platform that leverages modern technology to deliver value to our stakeholders in an efficient and scalable way.",
	},
	"projects.do-differently": {
		"I would probably do many things differently, because you always learn something. Maybe I would write more tests and better documentation next time.",
		"I would use microservices, Kubernetes, event sourcing, CQRS and GraphQL from day one instead of a monolith, because they are more modern and scalable.",
		"Honestly I'm happy with how it went. Maybe I would communicate more with stakeholders and write cleaner code, but overall it was a success.",
	},
	"projects.why-database": {
		"We used PostgreSQL because it's the best database, reliable and popular, and everyone uses it.",
		"I chose MongoDB instead of SQL because NoSQL is flexible, schemaless, horizontally scalable and fast for big data, with sharding and replication built in.",
		"The database was already chosen when I joined, it's an industry standard and very reliable, so it was a safe choice for the company.",
	},
	"projects.async-work": {
		"We used background jobs for the heavy stuff so that the app was fast. It worked well.",
		"We used Celery, RabbitMQ, Redis, Kafka and SQS workers for async processing, with retries, idempotency, dead letter queues and monitoring, following best practices.",
		"We followed best practices and put the heavy things in the background so everything was efficient and scalable, and the users were happy.",
	},
	"projects.realtime-choice": {
		"We used some real-time technology so that users got updates quickly. It worked fine.",
		"We used WebSockets, SSE, long polling, Redis pub/sub and Django Channels for real-time, low-latency, scalable, bidirectional streaming.",
		"We used a modern real-time approach because users expect instant updates nowadays, and it made the experience much better.",
	},
	"projects.performance-win": {
		"There was a slow page and I made it faster by optimizing the code. Users were happy after that.",
		"I used profiling, caching, indexing, async, connection pooling and a CDN to optimize performance and make it scalable and fast.",
		"Performance is very important to me, so I always optimise my code and follow best practices, and the application became much faster.",
	},
	"projects.auth-choice": {
		"Users logged in with a username and password, and we used the standard authentication of the framework. It was secure.",
		"We used JWT, OAuth2, OIDC, SSO, MFA, bcrypt, HTTPS and secure cookies, so it was secure, stateless and scalable.",
		"Security is a top priority for me, so we used industry-standard, secure authentication and followed best practices.",
	},
	"projects.tech-debt": {
		"We had some technical debt like every project, and we tried to fix it when we had time.",
		"We had a lot of tech debt: legacy code, no tests, hardcoded configs, monolith, and we refactored it later using best practices and clean code.",
		"I believe in clean code, so I try to avoid technical debt, and when we had some we refactored it following best practices.",
	},
	"projects.disagreement": {
		"We sometimes disagreed, but we always talked it through and found a solution together as a team. Communication is key.",
		"We had a disagreement about microservices versus monolith, Kubernetes versus serverless, and REST versus GraphQL, and in the end we chose the best option.",
		"I'm easy to work with and open-minded, so disagreements were always resolved through good communication and mutual respect.",
	},
	"projects.scaling-bottleneck": {
		"It would scale fine because it is in the cloud and uses modern technologies. We would just handle it.",
		"The database would be the bottleneck, so I would add caching, sharding, replicas, Kubernetes autoscaling, a CDN and load balancing.",
		"Our system is designed to be scalable and cloud-native, so growth would not be a problem, we would handle it with best practices.",
	},
	"projects.reverse-decision": {
		"Once I made a wrong decision but we fixed it eventually and things went back to normal.",
		"I chose microservices and it was wrong, so we used feature flags, canary releases, rollback, strangler pattern and blue-green deployments.",
		"I always reflect on my decisions and I'm not afraid to admit mistakes. When something doesn't work I adapt quickly and communicate it.",
	},
	"projects.realtime-scaling": {
		"We would add more servers and a load balancer and it would scale horizontally.",
		"Use Redis pub/sub, Kafka, sticky sessions, heartbeats, reconnects, backoff, Kubernetes and autoscaling for scalability.",
		"It would need to be made scalable and distributed with modern cloud-native technologies and best practices.",
	},
}

func TestProjectsVagueAnswersOfEachKindStayLow(t *testing.T) {
	bank, err := questions.Load()
	if err != nil {
		t.Fatal(err)
	}
	s := scoring.NewKeywordScorer(bank)
	if got, want := len(vagueAnswersByQuestion), 8; got < want {
		t.Errorf("vague answers for %v questions; want at least %v", got, want)
	}
	for id, answers := range vagueAnswersByQuestion {
		q := bank.Question(id)
		if q == nil || q.Stage != "projects" {
			t.Errorf("%s: not a question of the projects stage", id)
			continue
		}
		for _, answer := range answers {
			res, err := s.Score(context.Background(), q, answer)
			if err != nil {
				t.Fatal(err)
			}
			if res.Score >= vagueProjectScore {
				t.Errorf("%s: score of %q: got %v; want under %v (matched: %v)", id, answer, res.Score, vagueProjectScore, res.Matched)
			}
		}
	}
}
