package summarize

import (
	"strings"
	"testing"
)

// stripCapsDateline is the name under which question_internal_test.go
// checks that a dateline in capitals is cut from a sentence.
func stripCapsDateline(s string) string { return stripDateline(s) }

func TestCleanSentenceRemovesFurniture(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// Datelines.
		{"CNN place and dash", "Washington CNN — Senators reached a deal on Sunday.", "Senators reached a deal on Sunday."},
		{"CNN Business place and dash", "New York CNN Business — Shares of Kestrel Labs fell 9% on Monday.", "Shares of Kestrel Labs fell 9% on Monday."},
		{"CNN dash alone", "CNN — A ferry ran aground off the coast of Veland.", "A ferry ran aground off the coast of Veland."},
		{"place and CNN in brackets", "Paris (CNN) — Museums across the city closed early.", "Museums across the city closed early."},
		{"CNN in brackets alone", "(CNN) The storm moved north overnight, forecasters said.", "The storm moved north overnight, forecasters said."},
		{"CNN in brackets before a short sentence", "(CNN) Coughing.", "Coughing."},
		{"CNN Business in brackets", "New York (CNN Business) Port Alder Bank cut 400 jobs.", "Port Alder Bank cut 400 jobs."},
		{"two places and CNN", "Kyiv and Lviv, Ukraine (CNN) Sirens sounded in both cities.", "Sirens sounded in both cities."},
		{"AP in capitals", "WASHINGTON (AP) — The Senate passed the bill 68-31.", "The Senate passed the bill 68-31."},
		{"AP with a region", "KYIV, Ukraine (AP) — Power returned to most of the capital.", "Power returned to most of the capital."},
		{"Reuters with a date", "LONDON, June 3 (Reuters) - Gilt yields rose for a third day.", "Gilt yields rose for a third day."},
		{"capitals, region and en dash", "CHARLEROI, Belgium – A teenage pilot landed after a solo flight.", "A teenage pilot landed after a solo flight."},
		{"capitals and abbreviated state", "CAPE CANAVERAL, Fla. — The launch slipped to Thursday.", "The launch slipped to Thursday."},
		{"dash without a space", "SAN MARCO, Calif. —The first thing visitors notice is the fog.", "The first thing visitors notice is the fog."},
		{"doubled en dash", "NEW YORK –– On Wednesday the Reds added three pitchers.", "On Wednesday the Reds added three pitchers."},
		{"byline, outlet and dateline", "Mark Ellery Associated Press CHARLEROI, Belgium – The pilot, 17, touched down at noon.", "The pilot, 17, touched down at noon."},
		{"dateline alone", "New York CNN Business —", ""},
		{"Getty-style caption", "WASHINGTON, DC - JANUARY 26: Tourists walk past the court building.", ""},
		// Video and photo furniture.
		{"just watched block", "JUST WATCHED Senators explain the deal Replay More Videos ... The bill now goes to the House.", "The bill now goes to the House."},
		{"just watched alone", "JUST WATCHED Senators explain the deal Replay More Videos ...", ""},
		{"must watch block", "MUST WATCH See the storm hit the coast 02:12", ""},
		{"replay alone", "Replay More Videos ...", ""},
		{"video ad feedback", "Video Ad Feedback 01:15 - Source: CNN See the floods that shut the park", ""},
		{"label glued to a linked headline", "WHAT WE KNOW:Floods close the park for a week", ""},
		{"gallery caption", "Photos: Floods in the valley Residents wade through water in Marlow on Sunday.", ""},
		{"hide caption counter", "Hide Caption 3 of 12", ""},
		{"hide caption before a gallery", "Hide Caption 4 of 12 Photos: Floods in the valley A road buckles near Marlow.", ""},
		{"Getty Images alone", "Getty Images", ""},
		{"credit glued to a caption", "Douglas E. Carran/AFP/Getty Images School children in Marlow celebrate the anniversary.", ""},
		{"credit alone", "Julia Nikhorn/AP", ""},
		{"credit with lower-case agencies", "Axel Hid/dpa/picture alliance/Getty Images", ""},
		{"credit ending a caption", "Rutherford was 15 when he got his first licence Nikolay Dochev/AFP/Getty Images", ""},
		{"credit of a two-word name alone", "Yi-Chen Lo/AP", ""},
		{"credit residue", "via Getty Images Protesters break down the gate on Wednesday.", ""},
		{"caption with photo by in brackets", "Crowds gather outside the stadium on Friday. (Photo by Jo Lind/AFP via Getty Images)", ""},
		{"caption with AP Photo in brackets", "Gas prices are shown at a station in Marlow on May 27. (AP Photo/Rich Pedro)", ""},
		{"credit cut in two by the splitter", "LIND / AFP)", ""},
		{"photo by alone", "(Photo by Hana Bell/Getty Images)", ""},
		{"credit line", "Credit: Veland Space Agency", ""},
		// Bylines and biographies.
		{"byline with outlet", "By Jane Doe, CNN", ""},
		{"byline with two names", "By Jane Doe and Li Wei", ""},
		{"byline before a timestamp", "By Jane Doe, CNN Updated 4:12 PM ET, Tue June 14, 2022", ""},
		{"timestamp before the story", "Updated 4:12 PM ET, Tue June 14, 2022 The council met again.", "The council met again."},
		{"bio at an outlet", "Jane Doe is a senior reporter at the Marlow Herald.", ""},
		{"bio as analyst", "Ellis Grant is a CNN senior legal analyst.", ""},
		{"beat", "Jane Doe covers the statehouse for USA TODAY.", ""},
		{"contact", "Contact her at jdoe@example.com or 555-0100.", ""},
		{"follow on Twitter", "Follow him on Twitter @ellisgrant.", ""},
		{"follow a named reporter", "Follow USA TODAY reporter Jane Doe on Twitter: @janedoe.", ""},
		{"contributors", "– CNN’s Ana Ruiz and Tom Field contributed to this report.", ""},
		{"contributing line", "Contributing: The Associated Press", ""},
		{"opinion disclaimer", "The views expressed in this commentary are her own.", ""},
		{"editor's note about the page", "Editor's note: This page recaps the news from Veland on Saturday.", ""},
		{"editor's note label", "Editor's note — Severe weather killed seven people on Saturday.", "Severe weather killed seven people on Saturday."},
		// Share bars and calls to action.
		{"share this article", "Share this article", ""},
		{"share bar", "Facebook Twitter Email", ""},
		{"newsletter sign-up", "Sign up for our newsletter.", ""},
		{"newsletter promotion", `(You can get "3 Things Before Breakfast" delivered to your inbox daily.`, ""},
		{"newsletter lead-in", "Here's what else you need to know to start your day.", ""},
		{"newsletter promotion, also", `(You can also get "3 Things" delivered to your inbox daily.`, ""},
		{"newsletter promotion inside", "Save better, spend better: money tips delivered right to your inbox.", ""},
		{"get the newsletter", "Get the Marlow Herald's weekly health newsletter every Tuesday.", ""},
		{"roundup blurb", "The Short Read is a snappy Marlow Herald news roundup.", ""},
		{"subscription plea", "Support local journalism.", ""},
		{"subscription plea with a name", "To empower the journalism behind the Herald, please consider a subscription.", ""},
		{"data consent", "We will use the details you have shared to manage your newsletter subscription.", ""},
		{"data consent, agreeing", "You agree to the processing, storage and use of this information.", ""},
		{"data objection", "If you wish to object to the use of your data in this way, please tick here.", ""},
		{"brands", "'We' includes the Herald and other Marlow Media brands as detailed here.", ""},
		{"affiliate disclosure", "Purchases you make through our links may earn us a commission.", ""},
		{"affiliate disclosure after a dash", "— Recommendations are independently chosen by the editors.", ""},
		{"editorial independence", "The Vale Foundation does not provide editorial input.", ""},
		{"social invitation", "Join us on Twitter and Facebook", ""},
		{"price disclaimer", "Prices were accurate at the time this article was published but may change over time.", ""},
		{"funding disclosure", "Our fact check work is supported in part by a grant from a foundation.", ""},
		{"coverage funding", "Health and patient safety coverage at the Herald is made possible in part by a grant.", ""},
		{"forecast link", "Check your local forecast here.", ""},
		{"follow a reporter", "Follow Marlow Herald reporter Ana Vale on Twitter: @anavale.", ""},
		{"bio with a capitalised role", "Ana Vale is an Audience Editor at the Marlow Herald.", ""},
		{"newsletter lead-in, first item", "Here's what you need to know to Get Up to Speed and On with Your Day.", ""},
		{"newsletter opener", "If your day doesn't start until you're up to speed on the latest headlines, then meet your new morning read.", ""},
		{"newsletter promotion without bracket", "Get the Marlow Morning Brief in your inbox every weekday.", ""},
		{"read more link", "Read more: Why the bridge closed", ""},
		{"related link", "Related: Council votes on buses", ""},
		{"more link", "More:Kestrel recalls 48,000 batteries", ""},
		{"subscribe", "Subscribe to the Marlow Herald here.", ""},
		{"advertisement", "Advertisement", ""},
		{"shopping link", "Get the Bottle Stoppers, 2 Pack at Amazon for $11.08", ""},
		{"skip advert", "Skip advert The scheme was seeded ten years earlier.", "The scheme was seeded ten years earlier."},
		{"quiz time label", "QUIZ TIME Which city hosted the summit?", "Which city hosted the summit?"},
		{"today's number label", "TODAY'S NUMBER 470 That's how many reports of illness the company received.", "470 That's how many reports of illness the company received."},
		{"emoji bullet", "🧀 Taco Barn is bringing back its cheese shell on Thursday.", "Taco Barn is bringing back its cheese shell on Thursday."},
		{"bullet with zero-width spaces", "•\u200b\u200b Avg. graduation rate: 95%", "Avg. graduation rate: 95%"},
		{"emoji only", "♦", ""},
		{"content partner", "24/7 Wall Street is a USA TODAY content partner offering financial news.", ""},
		{"gallery navigation", "Prev Next", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanSentence(tt.in); got != tt.want {
				t.Errorf("cleanSentence(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCleanSentenceKeepsNews(t *testing.T) {
	for _, s := range []string{
		"NASA said Tuesday that the launch would slip to next month.",
		"U.S. officials said the talks would resume in Geneva.",
		"Washington has long argued that the sanctions are working.",
		"Paris is preparing for the biggest crowds since the Games.",
		"By the end of the year, the plant will employ 300 people.",
		"By Christmas Eve the shelves were empty.",
		"By August, he was out of the race.",
		`"We listened to the riders," said Ana Ruiz, who chairs the committee.`,
		"“It took 12 years,” Hwang said in the letter.",
		"NATO - the alliance's chief said - will meet again in June.",
		"ET -- but the moon will be setting for viewers in the east.",
		"NASA - yes.",
		"The council voted - narrowly - to close the market.",
		"CNN reported the agreement first, citing two officials.",
		"AC/DC played to 60,000 fans in Marlow on Saturday.",
		"The Pfizer/BioNTech vaccine is expected to be authorised for children.",
		"He is a reporter for the Marlow Herald who was detained in Veland in March.",
		"Farah Green is now a CNN political commentator.",
		"Medicare covers the cost of the shots for most seniors.",
		"Updated vote totals have the mayor ahead by 15,000 votes.",
		"This report was released by the agency on Monday.",
		"Sen. Ada Vale (D-Veland) — who chairs the panel — spoke first.",
		"Follow-up tests found no trace of the virus.",
		"More than 1,000 people were evacuated from the valley.",
		"Photographs of the crash were shared widely online.",
		"Shares of Getty Images rose 5% after the deal was announced.",
		"Get-out-the-vote drives at Target stores drew hundreds of volunteers.",
		"The polls closed at 8:00 p.m. and the count began at once.",
		"Details: https://example.com/notice",
		"Salem:The state’s firs are declining as summers grow hotter.",
		"A:That is a question I ponder on occasion.",
		"The photo agency said via email that it would appeal the fine.",
		"Get ready: the storm will reach the coast by Monday, forecasters said.",
		"Scammers get into your inbox with fake delivery notices, police warned.",
		"The council said prices were accurate when the budget was set in March.",
		"Coverage of the trial is supported by a pool of reporters, the court said.",
		"The Harlow Gazette is a weekly newspaper founded in 1901.",
		"Supporters of the plan say it will cut bills.",
		"Joining us on the call was the mayor of Harlow.",
		"Getting a newsletter out every day is hard work, the editor said.",
	} {
		if got := cleanSentence(s); got != s {
			t.Errorf("cleanSentence(%q) = %q, want it unchanged", s, got)
		}
	}
}

func TestCleanText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{
			"a heading is dropped",
			"Gun laws\n\nA bipartisan group of senators announced a deal on Sunday.",
			"A bipartisan group of senators announced a deal on Sunday.",
		},
		{
			"bylines, outlets and datelines on lines of their own are dropped",
			"Patrick Reyes\n\nUSA TODAY\n\nCNN —\n\nThe king of the chart has retired his crown.",
			"The king of the chart has retired his crown.",
		},
		{
			"rules, symbols and section labels are dropped",
			"The vote was close.\n\n___\n\n♦\n\nTODAY'S NUMBER\n\n2.9 million\n\nThat's how many cars were recalled.",
			"The vote was close.\n\nThat's how many cars were recalled.",
		},
		{
			"a photo gallery is dropped whole",
			"The river rose overnight.\n\nPhotos: Floods in the valley Residents wade through water. They left by boat. Hide Caption 1 of 9 Photos: Floods in the valley A road buckles. Hide Caption 2 of 9\n\nThe water fell by Tuesday.",
			"The river rose overnight.\n\nThe water fell by Tuesday.",
		},
		{
			"a video block is dropped",
			"JUST WATCHED Senators explain the deal Replay More Videos ... MUST WATCH Senators explain the deal 03:50\n\nThe bill goes to the House next.",
			"The bill goes to the House next.",
		},
		{
			"a caption ending with its credit is dropped",
			"Chestnut won again.\n\nJoey Chestnut reacts after the contest on Monday. Julia Nikhorn/AP\n\nSudo won the women's title.",
			"Chestnut won again.\n\nSudo won the women's title.",
		},
		{
			"captions and credits run together are dropped",
			"The country marks 75 years.\n\nLeaders meet in 1947. Ann Roe/AP Children celebrate in 1997. Douglas E. Carran/AFP/Getty Images A man bows at a shrine.\n\nCelebrations start on Monday.",
			"The country marks 75 years.\n\nCelebrations start on Monday.",
		},
		{
			"a label and its value is data, not a heading",
			"• Location: Marlow\n\n• Birth rate: 16 births per 1,000 people",
			"• Location: Marlow\n\n• Birth rate: 16 births per 1,000 people",
		},
		{
			"a newsletter's quiz is dropped whole",
			"The storm reached the coast.\n\nQUIZ TIME\n\nMarlow Coffee brought back its best-selling drink this week, known as the “MCL.” What does “MCL” stand for?\n\nA. Maple Cream Latte\n\nB. Mint Cocoa Latte\n\nTODAY'S NUMBER\n\n$1,200\n\nThat is what the ticket cost.",
			"The storm reached the coast.\n\nThat is what the ticket cost.",
		},
		{
			"a question after a heading that is no quiz is kept",
			"WHAT TO WATCH\n\nWill the council back the plan?\n\nThe vote is on Monday.",
			"Will the council back the plan?\n\nThe vote is on Monday.",
		},
		{
			"a short sentence with a period is kept",
			"He resigned.\n\nThe board met on Friday.",
			"He resigned.\n\nThe board met on Friday.",
		},
		{
			"line breaks inside a paragraph are kept",
			"Prices rose:\n- bread by 5%\n- milk by 3%",
			"Prices rose:\n- bread by 5%\n- milk by 3%",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cleanText(tt.in); got != tt.want {
				t.Errorf("cleanText(%q)\n = %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSplitRunOn(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{
			"two sentences without a period between them",
			"Ivy League schools have similar programs, as does the University of Marlow and its neighbours The initiative is part of a wider plan.",
			[]string{"Ivy League schools have similar programs, as does the University of Marlow and its neighbours", "The initiative is part of a wider plan."},
		},
		{
			"a heading glued to its paragraph is dropped",
			"Pressing agendas The negotiations are likely to be fraught, said an envoy.",
			[]string{"The negotiations are likely to be fraught, said an envoy."},
		},
		{
			"the sentence opener also inside a word before it",
			"America's budget for the coming year was cut again this spring A survey of voters shows anger.",
			[]string{"America's budget for the coming year was cut again this spring", "A survey of voters shows anger."},
		},
		{"a title after a verb of saying", "He told The Associated Press that he would run again next year.", nil},
		{"a title after a preposition", "She starred in The Crown for two seasons before moving to film.", nil},
		{"a title of several capitalised words", "Fans rushed to see It Ends With Us at the festival on Friday.", nil},
		{"a label letter", "Beverly is a type A person who walks as fast as a sprinter.", nil},
		{"letters as a range", "Students with last names A through K will start on Monday.", nil},
		{"a broken-off word in speech", "It would-- It would have destroyed our businesses.", nil},
		{"too short a second part", "Officials declined to say when the markets would reopen It said.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := tt.want
			if want == nil {
				want = []string{tt.in}
			}
			if got := splitRunOn(tt.in); strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("splitRunOn(%q) = %q, want %q", tt.in, got, want)
			}
		})
	}
}

// TestQuotable checks the whole preparation of a text for quoting, with
// and without a Splitter: no heading, dateline, byline or credit survives,
// and the news sentences are all there.
func TestQuotable(t *testing.T) {
	text := "Gun laws\n\nWashington CNN —\n\nBy Jane Doe, CNN\n\n" +
		"A bipartisan group of senators announced a deal on Sunday. The bill leaves out a ban.\n\n" +
		"Jo Lind/AP\n\n" +
		"Facebook Twitter Email\n\n" +
		"🗳 Voters in three states head to the polls on Tuesday.\n\n" +
		"Jane Doe covers Congress for USA TODAY."
	want := []string{
		"A bipartisan group of senators announced a deal on Sunday.",
		"The bill leaves out a ban.",
		"Voters in three states head to the polls on Tuesday.",
	}
	sp, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	for name, e := range map[string]*Extractive{"Punkt": {Splitter: sp}, "no splitter": {}} {
		if got := e.quotable(text); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("%s: quotable = %q, want %q", name, got, want)
		}
	}
}

// TestAnswerQuotesNoFurniture checks the wiring: an answer drawn from
// passages full of furniture quotes only the news.
func TestAnswerQuotesNoFurniture(t *testing.T) {
	sp, err := NewSplitter()
	if err != nil {
		t.Fatal(err)
	}
	e := &Extractive{Splitter: sp}
	sources := []Source{{
		N: 1, Title: "Senators reach a deal on guns",
		Text: "Gun laws\n\nA bipartisan group of senators announced an agreement on gun legislation on Sunday.\n\n" +
			"JUST WATCHED Senators explain the gun deal Replay More Videos ...\n\n" +
			"New York CNN Business — The agreement leaves out a ban on assault weapons, senators said.",
	}}
	claims := e.Answer("What did senators leave out of the gun deal?", sources, 3)
	if len(claims) == 0 {
		t.Fatal("no answer")
	}
	for _, c := range claims {
		for _, bad := range []string{"Gun laws", "CNN", "JUST WATCHED", "Replay"} {
			if strings.Contains(c.Sentence, bad) {
				t.Errorf("answer quotes furniture %q: %q", bad, c.Sentence)
			}
		}
	}
	sum := e.SummarizeSources("gun deal", sources, 2)
	for _, c := range sum {
		if strings.HasPrefix(c.Sentence, "Gun laws") || strings.Contains(c.Sentence, "CNN") {
			t.Errorf("summary quotes furniture: %q", c.Sentence)
		}
	}
}

func TestIsBoilerplateByline(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"By Jane Doe", true},
		{"By Jane Doe and Li Wei, CNN", true},
		{"By August, he was out of the race.", false},
		{"By Saturday, the count had swelled to 1,801.", false},
		{"By the time rescuers arrived, the fire was out.", false},
	}
	for _, tt := range tests {
		if got := isBoilerplate(tt.s); got != tt.want {
			t.Errorf("isBoilerplate(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}
