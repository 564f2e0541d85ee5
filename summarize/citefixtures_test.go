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
