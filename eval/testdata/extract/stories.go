//go:build ignore

package main

// The stories below are invented for this evaluation: the towns, people and
// events do not exist. Each is the body a reader came for; gen.go wraps it
// in the furniture of a news page.

var stories = []story{
	{
		slug: "ferry-timetable", head: "Island ferry adds a dawn crossing after commuter petition",
		author: "Marta Ilves", date: "2025-02-11T07:30:00Z", section: "Transport",
		paras: []string{
			"The ferry company serving Hollin Isle will add a crossing at 5:40 every weekday from March, after more than nine hundred residents signed a petition asking for an earlier boat to the mainland.",
			"Commuters who work early shifts at the port and the county hospital have until now had to cross the evening before and sleep in town, or pay for a private water taxi that costs about forty times the ferry fare.",
			"The operator said the new sailing would run for a trial period of six months. If fewer than sixty passengers use it on an average morning, the timetable will be reviewed in the autumn.",
			"Councillor Aino Rask, who delivered the petition in person, said the decision showed that a small community could still be heard. She added that the island school would also benefit, because two of its teachers live on the mainland.",
			"The crew for the extra crossing will be drawn from a relief pool, and the company expects to hire three deckhands before the service starts.",
		},
		sub:     "A six-month trial",
		caption: "The Hollin Isle ferry leaving the harbour at first light.", credit: "Photo: Ivo Partel",
		tweet: tweet{"Thank you to everyone who signed. See you on the 5:40 boat!", "Aino Rask", "ainorask"},
	},
	{
		slug: "library-seeds", head: "Library lends seeds as well as books this spring",
		author: "Tomas Brennick", date: "2025-03-04T09:00:00Z", section: "Community",
		paras: []string{
			"Borrowers at the Eastfold public library can now take home packets of vegetable and flower seeds along with their novels, in a scheme run with the town's allotment society.",
			"The seed library occupies an old card catalogue near the entrance. Each drawer is labelled by plant family, and borrowers are asked to bring back a share of the seeds they save at the end of the season.",
			"Head librarian Odile Farrant said the idea came from a retired gardener who donated two hundred packets of tomato seed he had kept from his own plants over fifteen years.",
			"Nobody will be fined for a crop that fails, Farrant said. The point is to learn together, and the allotment society will run free workshops on sowing, thinning and saving seed every second Saturday.",
			"By the end of the first week, the library said, more than a third of the drawers were already empty and volunteers were sorting a new donation of beans and squash.",
		},
		bullets: []string{"Tomatoes, peppers and aubergines", "Beans, peas and broad beans", "Sunflowers, marigolds and cosmos"},
		caption: "Volunteers sorting seed packets in the old card catalogue.", credit: "Photo: Library archive",
	},
	{
		slug: "bridge-inspection", head: "Old stone bridge closes to lorries after inspection finds cracks",
		author: "Priya Lindqvist", date: "2025-01-20T16:15:00Z", section: "Local",
		paras: []string{
			"Heavy goods vehicles have been banned from the Carrow stone bridge with immediate effect, after engineers found cracks in two of its five arches during a routine inspection last week.",
			"Cars, cyclists and pedestrians can still use the bridge, which was built in the eighteenth century and carries about eleven thousand vehicles a day. A weight limit of seven and a half tonnes now applies.",
			"Hauliers will be diverted along the ring road, adding roughly twenty minutes to journeys between the industrial estate and the motorway junction.",
			"The county's chief engineer, Declan Ostrowski, said the cracks were not a danger to lighter traffic but would widen under repeated heavy loads. Repairs are expected to take most of the summer.",
			"Shop owners on the north bank said they feared a drop in deliveries, and the chamber of commerce has asked the county for a temporary loading zone near the bridge approach.",
			"A public meeting on the repair plan will be held at the corn exchange on the last Thursday of the month.",
		},
		sub:     "Diversion for hauliers",
		caption: "Engineers examining the underside of the Carrow bridge.", credit: "Photo: County Highways",
	},
	{
		slug: "orchestra-youth", head: "Youth orchestra wins place at national festival",
		author: "Henrike Solberg", date: "2025-04-02T18:45:00Z", section: "Culture",
		paras: []string{
			"The Marlow Vale youth orchestra has been chosen to play at the national festival of young musicians in June, the first time an ensemble from the valley has been invited in more than two decades.",
			"Its sixty players, aged between eleven and nineteen, rehearse on Friday evenings in a converted chapel. Many of them borrow their instruments from a lending scheme funded by local businesses.",
			"Conductor Rafael Imbert said the audition recording was made in a single take, late on a Friday, with the heating broken. He said the cold seemed to make everyone concentrate.",
			"The orchestra must now raise about twelve thousand to pay for coaches, accommodation and the hire of a timpani set, which is too large to transport from the chapel.",
			"Parents have organised a sponsored walk along the canal towpath and a series of lunchtime concerts in the market hall, the first of which sold out within a day.",
		},
		caption: "Members of the youth orchestra rehearsing in the chapel.", credit: "Photo: Marlow Vale Music",
		tweet: tweet{"We are going to the national festival! Sixty very cold, very happy musicians.", "MV Youth Orchestra", "mvyouthorch"},
	},
	{
		slug: "river-cleanup", head: "Volunteers pull three tonnes of rubbish from the river Tarn",
		author: "Jonah Effiong", date: "2025-05-18T12:00:00Z", section: "Environment",
		paras: []string{
			"More than two hundred volunteers spent Saturday wading, paddling and raking along a four-mile stretch of the river Tarn, and removed about three tonnes of rubbish by the time the light faded.",
			"Among the finds were fourteen shopping trolleys, a bathtub, a set of traffic cones and a safe, which turned out to be empty. The most common items were plastic bottles and drinks cans.",
			"The clean-up was organised by a rowing club whose members had grown tired of steering around debris during training. Its captain, Lena Varga, said she had expected about forty people to turn up.",
			"Water quality officers who joined the volunteers took samples at six points. They said the results would be published next month and compared with readings taken before the clean-up.",
			"The town council has promised to install two floating barriers near the weir to catch litter before it reaches the lower river, and the rowing club plans to repeat the event in September.",
		},
		sub:     "A safe, a bathtub and fourteen trolleys",
		caption: "A volunteer lifts a shopping trolley onto the bank.", credit: "Photo: Tarn Rowing Club",
	},
	{
		slug: "bakery-apprentices", head: "Family bakery trains apprentices as old skills grow scarce",
		author: "Sunniva Okafor", date: "2025-06-09T06:20:00Z", section: "Business",
		paras: []string{
			"A fourth-generation bakery in the market town of Wendle has taken on five apprentices this year, saying it can no longer find trained bakers willing to start work at three in the morning.",
			"The apprentices spend four days a week in the bakehouse and one day at the regional college, where they study food science, costing and hygiene alongside the practical craft of dough.",
			"Owner Gustav Mereni said the hardest thing to teach was patience. A sourdough loaf, he said, cannot be hurried, and the only way to learn when it is ready is to make a great many bad ones.",
			"Mereni's great-grandfather opened the shop in a former forge, and the original oven, rebuilt twice, is still used for the rye bread that customers queue for on Saturday mornings.",
			"The regional college said enrolment on its baking course had fallen by half in ten years, and it hopes that employers who pay apprentices properly will help reverse the decline.",
		},
		caption: "An apprentice shaping loaves before dawn.", credit: "Photo: Wendle Bakehouse",
		bullets: []string{"Four days in the bakehouse", "One day at the regional college", "A paid wage from the first week"},
	},
	{
		slug: "storm-power", head: "Thousands without power as storm brings down lines across the uplands",
		author: "Kasimir Adebayo", date: "2025-11-03T21:10:00Z", section: "Weather",
		paras: []string{
			"About eighteen thousand homes in the northern uplands were without electricity on Monday night after gusts of more than eighty miles an hour brought down trees and power lines.",
			"The network operator said engineers had restored supply to half the affected homes by the evening but warned that some remote farms might wait until Wednesday, because access roads were blocked.",
			"Schools in three villages closed early, and a mobile kitchen was set up at the Strand community centre to serve hot meals to residents whose cookers and heating depend on mains power.",
			"Forecasters said the wind would ease overnight but that heavy rain on Tuesday could cause flooding on low ground already saturated from a wet October.",
			"The operator has asked people not to approach fallen lines and to report them on its emergency number, and said customers without power for more than a day would be entitled to compensation.",
		},
		sub:   "Rain to follow the wind",
		tweet: tweet{"Crews are working through the night. Please stay away from fallen lines and report them to us.", "Upland Power", "uplandpower"},
	},
	{
		slug: "chess-club", head: "Pensioner and schoolgirl share county chess title",
		author: "Leontine Park", date: "2025-02-27T15:00:00Z", section: "Sport",
		paras: []string{
			"A seventy-eight-year-old former signalman and a twelve-year-old schoolgirl will share the county chess championship this year, after their final-round game ended in a draw and the tie-break could not separate them.",
			"Walter Kimbrough learned the game in the signal box at Ashby junction, playing correspondence chess between trains. Maisie Okonjo started two years ago, after finding a set in her grandmother's attic.",
			"The pair had never met before the tournament. Kimbrough said he had expected to be beaten by someone young eventually, but not quite so soon, and that she had defended a difficult ending better than most adults could.",
			"Both players will represent the county at the regional finals in the spring. The chess club that meets in the back room of the Railway Arms said membership had doubled since news of the result spread.",
			"The club's secretary said it was looking for a bigger room, and for anyone willing to donate clocks and boards.",
		},
		caption: "Walter Kimbrough and Maisie Okonjo after their final game.", credit: "Photo: County Chess Union",
	},
	{
		slug: "housing-vote", head: "Council approves two hundred homes on former brickworks site",
		author: "Rosalind Achterberg", date: "2025-07-15T19:55:00Z", section: "Politics",
		paras: []string{
			"Councillors in Bramwick have approved plans for two hundred homes on the site of the old brickworks, a decision that followed eighteen months of consultation and one of the longest planning meetings the town has held.",
			"The developer must make forty per cent of the homes affordable, build a primary school annexe and pay for a new bus route linking the estate to the station.",
			"Residents of the neighbouring Kilnfield estate had objected to the loss of the open land, which is used for dog walking and has become a haven for birds since the kilns closed in the nineties.",
			"As a condition of approval, a third of the site will be kept as a nature reserve, and the brickworks' chimney, a listed structure, will be restored and lit at night.",
			"Work could start early next year, subject to a final agreement on drainage with the water authority.",
		},
		sub:     "A third kept wild",
		bullets: []string{"Forty per cent affordable homes", "A primary school annexe", "A new bus route to the station"},
	},
	{
		slug: "museum-loom", head: "Museum restores a loom that last worked in 1931",
		author: "Idris Fenwick", date: "2025-08-21T10:30:00Z", section: "Culture",
		paras: []string{
			"A power loom that last wove cloth in 1931 is running again at the Calder mill museum, after four years of restoration by a team of volunteers who were, between them, more than five hundred years old.",
			"The loom was found in pieces in a barn, where it had been stored since the mill closed. Volunteers rebuilt its frame from drawings in the museum archive and cast two replacement gears at a foundry in the next valley.",
			"The first length of cloth it produced is a plain cotton, woven to a pattern recorded in the mill's last order book. The museum will sell tea towels made from it in its shop.",
			"The restoration leader, Bernadette Quaile, worked at the mill as a girl of fifteen. She said the noise was exactly as she remembered it, and that she had forgotten how much the floor shakes.",
			"Demonstrations will run on the first Sunday of every month, and the museum is looking for volunteers to learn how to operate and maintain the machine.",
		},
		caption: "The restored loom running for the first time.", credit: "Photo: Calder Mill Museum",
		tweet: tweet{"It works! First cloth off the loom since 1931.", "Calder Mill Museum", "caldermill"},
	},
	{
		slug: "clinic-hours", head: "Rural clinic extends evening hours to cut waiting lists",
		author: "Nadia Thornquist", date: "2025-09-30T08:05:00Z", section: "Health",
		paras: []string{
			"The health centre in Fellgate will open until nine on three evenings a week from October, in an attempt to shorten waiting lists that have reached six weeks for a routine appointment.",
			"The extra hours will be covered by two newly recruited nurse practitioners and by doctors who have agreed to work a late shift in exchange for a free morning later in the week.",
			"Patients will be able to book evening slots online or by phone. The centre said they are meant for people who cannot leave work during the day, but anyone may use them.",
			"The practice manager, Colm Mbeki, said the centre had looked at opening on Saturdays but found that most patients who responded to a survey preferred weekday evenings.",
			"The regional health board said it would watch the results closely and could fund similar schemes in other rural practices if waiting times fall.",
		},
		sub: "Evenings preferred to Saturdays",
	},
	{
		slug: "cycle-lane", head: "Trial cycle lane on Harbour Road to become permanent",
		author: "Elio Marchetti", date: "2025-10-12T13:40:00Z", section: "Transport",
		paras: []string{
			"A protected cycle lane installed on Harbour Road as a six-month trial will stay, the city's transport committee decided on Tuesday, after counts showed cycling on the street had nearly tripled.",
			"The lane, separated from traffic by planters and low kerbs, replaced one lane of parking. Shopkeepers had feared that losing the spaces would cost them trade, but card payment data collected by the city showed no fall in spending.",
			"Some residents complained that delivery vans now stop in the remaining traffic lane. The committee agreed to create two loading bays at either end of the street.",
			"Committee chair Imogen Trask said the trial had been messy at first but had won over many of its critics. She said the city would now look at extending the route to the university.",
			"The planters, which volunteers have filled with lavender and grasses, will be replaced with permanent beds when the kerbs are rebuilt next year.",
		},
		caption: "Cyclists on the Harbour Road lane during the morning rush.", credit: "Photo: City Transport",
		bullets: []string{"Cycling nearly tripled", "No fall in card spending", "Two new loading bays"},
	},
	{
		slug: "school-garden", head: "Primary pupils grow enough vegetables to supply school kitchen",
		author: "Beatrix Nakamura", date: "2025-06-25T11:15:00Z", section: "Education",
		paras: []string{
			"Pupils at Longmere primary school have grown so many vegetables this summer that the school kitchen has not needed to buy potatoes, courgettes or salad since the end of May.",
			"The garden, on what used to be a corner of the playing field, was dug by parents over three weekends. Each class looks after its own bed and keeps a diary of planting, watering and harvests.",
			"The cook, Agnieszka Holm, plans the lunch menu around whatever the children bring in each morning. She said the children eat far more vegetables when they have grown them themselves.",
			"The headteacher said the garden had become part of lessons in science, maths and writing, and that pupils had weighed every harvest and plotted the results on a chart in the hall.",
			"The school is now raising money for a small greenhouse so that it can grow tomatoes and start seedlings earlier in the spring.",
		},
		sub:   "Lessons in the beds",
		tweet: tweet{"Year 4 harvested 31 kilos of potatoes today. Lunch is sorted for a week.", "Longmere Primary", "longmereprimary"},
	},
	{
		slug: "observatory", head: "Amateur astronomers open their observatory to the public",
		author: "Caspar Wolanski", date: "2025-12-05T20:00:00Z", section: "Science",
		paras: []string{
			"The Dunmore astronomical society will open its hilltop observatory to the public on clear Friday nights through the winter, giving visitors a chance to look at the moon, planets and distant galaxies through a forty-centimetre telescope.",
			"The society built the observatory itself over six years, on land lent by a farmer, far enough from the town to escape most of its street lighting.",
			"Visits are free but must be booked, because the dome holds only twelve people at a time. Members will give a short talk on what is visible that night before visitors take turns at the eyepiece.",
			"Society chair Ottilie Brand said many people had never seen the rings of Saturn with their own eyes, and that the reaction was always the same: a gasp, then silence, then a request to look again.",
			"The society has asked the council to dim streetlights on the hill road after midnight, which it says would also save money and help wildlife.",
		},
		caption: "The observatory dome under a clear winter sky.", credit: "Photo: Dunmore Astronomical Society",
	},
}

// headlines fill "related", "most read" and "read more" blocks.
var headlines = []string{
	"Parking charges to rise at the station car park",
	"Five things to do this weekend in the valley",
	"Police appeal after van stolen from builders' yard",
	"Weather: frost expected on high ground overnight",
	"Cafe owner celebrates forty years behind the counter",
	"New dentist to open in former bank building",
	"Rugby club unveils plans for a second pitch",
	"Roadworks on the bypass to last until June",
	"Quiz: how well do you know the county's history?",
	"Farmers market moves to the square for summer",
	"Planning row over mobile phone mast near school",
	"Local author's debut novel wins regional prize",
	"Swimming pool closes for repairs to its roof",
	"Obituary: a teacher who inspired generations",
	"House prices in the county: what the figures say",
	"Festival organisers announce this year's headliners",
}

// comments fill comment sections: readers' text that is no part of the
// article, though it reads like prose.
var comments = []string{
	"I have lived here for thirty years and this is the first sensible decision I can remember. Well done to everyone who kept pushing for it.",
	"It is all very well, but who is going to pay for it in the long run? We will see the bill in our council tax next year, mark my words.",
	"My daughter was involved in this and she has talked about nothing else for weeks. It is lovely to see good news in the paper for once.",
	"Does anyone know whether the same thing will happen on the other side of the valley? Nobody ever seems to think about us out there.",
	"Great article, thank you. I would like to know more about how it is going to work in the winter months when the weather turns.",
	"This was tried twenty years ago and it failed then. I hope they have learned something since, but I am not holding my breath.",
}

// unseenStories are only in the unseen pages (see gen.go's unseen
// layouts), so that none of their sentences was read while the cleaner
// was written.
var unseenStories = []story{
	{
		slug: "lighthouse-keeper", head: "Last lighthouse keeper's logbooks go on display",
		author: "Freya Halloran", date: "2025-03-22T10:00:00Z", section: "Heritage",
		paras: []string{
			"Forty years of handwritten logbooks kept by the last keeper of the Skerrow lighthouse have gone on show at the harbour museum, a decade after they were found in a tea chest in his daughter's loft.",
			"Each entry records the weather, the ships that passed and the state of the lamp, in a neat hand that barely changes from the first page in 1948 to the last in 1988, when the light was automated.",
			"Between the routine lines are glimpses of a solitary life: a seal that visited every spring, a Christmas spent alone when the relief boat could not land, and a note of the night the generator failed during a gale.",
			"His daughter, Morag Tulloch, said her father rarely spoke about the work, and that reading the logbooks had felt like meeting him again as a young man.",
			"The museum has scanned every page, and volunteers are transcribing them so that the weather records can be shared with climate researchers at the university.",
		},
		sub:     "A seal every spring",
		caption: "One of the keeper's logbooks open at a stormy week in 1962.", credit: "Photo: Harbour Museum",
		tweet: tweet{"Every page of the Skerrow logbooks is now online. Come and help us transcribe them.", "Harbour Museum", "harbourmuseum"},
	},
	{
		slug: "market-hall", head: "Market hall reopens with stalls at a pound a day for new traders",
		author: "Anselm Rudd", date: "2025-04-14T08:30:00Z", section: "Business",
		paras: []string{
			"The Victorian market hall in Copley reopened on Monday after a two-year refurbishment, with a row of stalls set aside for first-time traders at a rent of one pound a day for their first six months.",
			"The eight starter stalls have already been taken by a cheesemaker, a bicycle repairer, a maker of wooden toys and five others chosen from more than sixty applicants.",
			"The refurbishment replaced the leaking glass roof, restored the cast-iron columns and added a kitchen that traders can hire by the hour.",
			"Market manager Philippa Osei said the old hall had become a place people walked through rather than shopped in, and that new traders would bring back the bustle.",
			"Longstanding traders have been offered a rent freeze for two years, after some warned that higher charges would force them out of the building they have worked in for decades.",
		},
		bullets: []string{"Eight starter stalls at a pound a day", "A kitchen for hire by the hour", "A two-year rent freeze for existing traders"},
	},
	{
		slug: "hedgehog-survey", head: "Residents count hedgehogs in the first town-wide survey",
		author: "Greta Lindahl", date: "2025-09-08T17:20:00Z", section: "Environment",
		paras: []string{
			"Hundreds of households in Ashcombe spent a week counting the hedgehogs that visited their gardens, in the first survey of its kind in the town, and recorded sightings in all but two of its streets.",
			"Volunteers used footprint tunnels, plastic boxes with an ink pad and a sheet of paper, to record visits overnight without disturbing the animals.",
			"The survey was organised by a retired biology teacher, Leofric Amos, who said he had been told for years that hedgehogs had vanished from the town and wanted to find out whether that was true.",
			"The results suggest the animals are doing well where gardens are linked by gaps in fences, and poorly in the newer estates, where solid boundaries keep them out.",
			"The wildlife trust has offered to cut hedgehog holes in fences for free, and the town council will ask developers to include them in new housing.",
		},
		sub: "Gaps in the fences",
	},
	{
		slug: "night-bus", head: "Night bus returns after students and shift workers campaign",
		author: "Tobiah Mensah", date: "2025-10-27T22:45:00Z", section: "Transport",
		paras: []string{
			"A night bus between the city centre and the outer estates will run again from November, three years after it was cut, following a campaign by students and shift workers.",
			"The route will run hourly from midnight to five on Friday and Saturday nights, and every ninety minutes on weeknights, calling at the hospital, the university and the distribution park.",
			"Campaigners collected the shift patterns of more than four hundred workers to show the operator that demand existed beyond the weekend.",
			"The operator said the service would cost about three hundred thousand a year, shared with the city council, and that it would publish passenger numbers every quarter.",
			"Nurses at the hospital said the return of the bus would end long walks home along unlit roads after late shifts.",
		},
		caption: "The first night bus leaving the city centre depot.", credit: "Photo: City Buses",
		tweet: tweet{"The night bus is back. Thank you to everyone who sent us their shift patterns.", "Night Bus Now", "nightbusnow"},
	},
}
