package summarize_test

import (
	"strings"
	"time"

	"github.com/newsbot/newsbot/summarize"
)

// checkSources are eight invented news articles of one county's week, the
// evidence of the paraphrase and defect tests. Their Published dates
// matter: "on Tuesday" in an article of Wednesday June 10 is June 9.
func checkSources() []summarize.Source {
	day := func(d int) time.Time { return time.Date(2026, 6, d, 15, 0, 0, 0, time.UTC) }
	return []summarize.Source{
		{N: 1, ArticleID: "merger", Title: "Brightwater to buy Kestrel Foods", Outlet: "Valley Ledger", Published: day(10),
			Text: "Brightwater Dairy, the largest employer in Harlow County, agreed on Tuesday to buy Kestrel Foods for $412 million, the companies said. " +
				"The deal, which still needs approval from regulators, would create a group with 3,400 workers. " +
				"Kestrel's shares rose 18% after the announcement, while Brightwater's fell 2.5%. " +
				"Chief executive Nadia Okafor said no jobs would be cut at the Harlow plant. " +
				"Kestrel, founded in 1987, employs about 900 people."},
		{N: 2, ArticleID: "cup", Title: "Harriers lift the county cup", Outlet: "Harlow Sports", Published: day(7),
			Text: "The Harlow Harriers beat the Millbrook Rovers 3-1 in the county cup final on Saturday, their first title since 2019. " +
				"Striker Tom Ashby scored twice before a crowd of 6,200 at Eastfield Park. " +
				"Rovers manager Dee Quinn said her team had not played well enough. " +
				"The Harriers will play in the regional league next season."},
		{N: 3, ArticleID: "tolls", Title: "Council says no to higher tolls", Outlet: "Harlow Courier", Published: day(11),
			Text: "The Harlow County council rejected a proposal to raise bridge tolls by 40 cents on Wednesday, voting 7-2 against it. " +
				"Councillor Priya Raman said residents already paid too much. " +
				"The council did not say when it would consider the tolls again. " +
				"Tolls on the Weir Bridge have not changed since 2021."},
		{N: 4, ArticleID: "jobs", Title: "State jobless rate falls", Outlet: "State Wire", Published: day(5),
			Text: "Unemployment in the state fell to 3.9% in May, down from 4.3% in April, the labor department said. " +
				"Employers added 12,600 jobs, most of them in health care and construction. " +
				"Manufacturing lost 1,100 jobs. " +
				"Average hourly wages rose 0.3 percent."},
		{N: 5, ArticleID: "schools", Title: "Fewer pupils in Harlow schools", Outlet: "Valley Ledger", Published: day(9),
			Text: "Enrollment at Harlow public schools dropped by 6 percent this year to 11,800 students, the district reported. " +
				"Superintendent Mark Ellison blamed rising rents that pushed families out of the county. " +
				"The district plans to close two elementary schools by 2028. " +
				"Dartmouth College researchers found similar declines across the region."},
		{N: 6, ArticleID: "hospital", Title: "St. Anne's expansion approved", Outlet: "Harlow Courier", Published: day(8),
			Text: "State regulators approved a $58.5 million expansion of St. Anne's Hospital on Monday. " +
				"The project will add 120 beds and a new emergency department. " +
				"Construction is expected to start in September and take two years. " +
				"The hospital said it would hire about 300 nurses."},
		{N: 7, ArticleID: "storm", Title: "Storm leaves thousands without power", Outlet: "State Wire", Published: day(12),
			Text: "A storm with winds of up to 95 km/h knocked out power to 48,000 homes across Harlow County on Thursday night. " +
				"No injuries were reported, police said. " +
				"Utility company Northgrid said most customers would have power back by Saturday. " +
				"The National Weather Service had issued a warning on Wednesday."},
		{N: 8, ArticleID: "layoffs", Title: "Quillon to cut 240 jobs", Outlet: "Metro Business", Published: day(10),
			Text: "Quillon Software, the region's biggest tech firm, will cut 240 jobs, or about 8% of its staff, the company said on Tuesday. " +
				"Its smaller rival Arcwell said it would keep hiring. " +
				"Quillon's revenue fell 11% last year to $2.9 billion. " +
				"The U.S. Department of Labor was notified of the layoffs."},
	}
}

// heldOutSources are eight more invented articles, of another city. They
// and their cases were written after the checks were tuned on
// checkSources, to see how the checks do on text they were not fitted to.
func heldOutSources() []summarize.Source {
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 15, 0, 0, 0, time.UTC) }
	return []summarize.Source{
		{N: 1, ArticleID: "strike", Title: "Eastport bus drivers strike", Outlet: "Metro Daily", Published: day(3, 16),
			Text: "Bus drivers in Eastport walked off the job on Sunday after talks with the Eastport Transit Authority broke down, the drivers' union said. " +
				"About 1,450 drivers are on strike, leaving an estimated 210,000 daily riders without service. " +
				"The union, Local 88, is seeking a 14% raise over three years; the authority has offered 9%. " +
				"Mayor Leonie Brandt said she would not intervene in the talks. " +
				"It is the first strike by Eastport bus drivers since 2011."},
		{N: 2, ArticleID: "election", Title: "Haddad unseats Brandt", Outlet: "Coast Herald", Published: day(3, 11),
			Text: "Former teacher Amir Haddad won the Eastport mayoral race on Tuesday, defeating incumbent Leonie Brandt by 3,212 votes. " +
				"Haddad took 52.4 percent of the vote to Brandt's 45.1 percent. " +
				"Turnout rose to 38%, up from 31% four years ago. " +
				"Brandt conceded late Tuesday night and congratulated Haddad. " +
				"He will take office on April 1."},
		{N: 3, ArticleID: "airline", Title: "Northwind posts record profit", Outlet: "Business Line", Published: day(2, 26),
			Text: "Northwind Airways reported a record annual profit of $1.3 billion on Wednesday, up 27% from a year earlier. " +
				"Revenue grew 8% to $14.6 billion as passenger numbers climbed to 41 million. " +
				"Rival Skyline Air, the country's largest carrier by passengers, posted a loss of $220 million. " +
				"Northwind said it would buy 30 new Airbus jets and did not rule out further fare increases."},
		{N: 4, ArticleID: "water", Title: "Watering ban in Eastport", Outlet: "Valley Times", Published: day(7, 17),
			Text: "The Eastport water board approved new restrictions on Thursday that ban lawn watering between 10 a.m. and 6 p.m. " +
				"Reservoir levels have fallen to 41 percent of capacity, the lowest since 2015. " +
				"Households that break the rules face fines of up to $500. " +
				"The board rejected a proposal to raise water rates by 12%."},
		{N: 5, ArticleID: "museum", Title: "Museum reopens", Outlet: "Arts Weekly", Published: day(5, 2),
			Text: "The Eastport Museum of Art reopened on Friday after a two-year, $36 million renovation. " +
				"The museum's new wing adds 18 galleries and space for 2,000 more works. " +
				"Director Helena Vos said attendance on the first day exceeded 5,000 visitors. " +
				"Admission will remain free for children under 12."},
		{N: 6, ArticleID: "shelter", Title: "Judge halts shelter closure", Outlet: "Coast Herald", Published: day(4, 14),
			Text: "A federal judge on Monday blocked Eastport's plan to close the Harbor Street homeless shelter, ruling that the city had not given residents enough notice. " +
				"Judge Carla Mendes ordered the shelter to stay open until at least June 30. " +
				"The city said it would appeal the decision. " +
				"About 160 people sleep at the shelter each night."},
		{N: 7, ArticleID: "transfer", Title: "United sign Berg", Outlet: "Sports Desk", Published: day(1, 22),
			Text: "Eastport United signed striker Jonas Berg from Riverside FC for a club-record fee of £18 million on Wednesday. " +
				"Berg, 24, scored 21 goals last season, more than any other player in the league. " +
				"United beat Riverside 2-0 when the teams met in December. " +
				"Berg's contract runs until 2030."},
		{N: 8, ArticleID: "ipo", Title: "Lumio soars in debut", Outlet: "Business Line", Published: day(6, 19),
			Text: "Shares of Lumio, a maker of home solar batteries, jumped 41% in their trading debut on Thursday. " +
				"The company raised $640 million in its initial public offering, valuing it at about $5.2 billion. " +
				"Chief executive Rosa Lind said Lumio would use the money to build a second factory in Texas. " +
				"Lumio lost $95 million last year on revenue of $310 million."},
	}
}

// longSources are the check sources grown to about 600 words each, the
// size of eight retrieved passages.
func longSources() []summarize.Source {
	srcs := checkSources()
	for i := range srcs {
		base := srcs[i].Text
		var b strings.Builder
		for k := 0; len(strings.Fields(b.String())) < 600; k++ {
			b.WriteString(strings.ReplaceAll(base, "the ", []string{"the ", "this ", "that ", "a "}[k%4]) + "\n\n")
		}
		srcs[i].Text = b.String()
	}
	return srcs
}
