package discordtest_test

import (
	"errors"
	"strconv"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/newsbot/newsbot/bot/discordtest"
)

// snowflake is a guild ID whose timestamp bits are n, so that it is on
// shard n % count.
func snowflake(n uint64) string { return strconv.FormatUint(n<<22|7, 10) }

// shardSession is a session of shard id of count.
func shardSession(t *testing.T, srv *discordtest.Server, id, count int) *discordgo.Session {
	s := newSession(t, srv, discordtest.DefaultToken)
	s.ShardID, s.ShardCount = id, count
	return s
}

func TestShardOfIsTheGuildsTimestampModuloTheCount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		guild string
		count int
		want  int
	}{
		{snowflake(5), 2, 1},
		{snowflake(6), 4, 2},
		{"81384788765712384", 16, 81384788765712384 >> 22 % 16},
		{snowflake(5), 1, 0},
		{"", 4, 0},
		{"load-guild", 4, 0},
	}
	for _, tc := range tests {
		if got := discordtest.ShardOf(tc.guild, tc.count); got != tc.want {
			t.Errorf("ShardOf(%q, %d) = %d, want %d", tc.guild, tc.count, got, tc.want)
		}
	}
}

func TestEventsGoOnlyToTheirGuildsShard(t *testing.T) {
	t.Parallel()
	g0, g1 := snowflake(10), snowflake(11)
	srv := discordtest.New(t, discordtest.Options{Guilds: []string{g0, g1}})
	type seen struct {
		guilds   chan string
		messages chan string
	}
	var shards [2]seen
	for id := range 2 {
		s := shardSession(t, srv, id, 2)
		sh := seen{guilds: make(chan string, 8), messages: make(chan string, 8)}
		shards[id] = sh
		s.AddHandler(func(_ *discordgo.Session, g *discordgo.GuildCreate) { sh.guilds <- g.ID })
		s.AddHandler(func(_ *discordgo.Session, m *discordgo.MessageCreate) { sh.messages <- m.Content })
		open(t, s)
	}
	srv.WaitShards(t, 0, 1)
	if g := recv(t, shards[0].guilds); g != g0 {
		t.Errorf("shard 0 got GUILD_CREATE %s, want %s", g, g0)
	}
	if g := recv(t, shards[1].guilds); g != g1 {
		t.Errorf("shard 1 got GUILD_CREATE %s, want %s", g, g1)
	}
	srv.Message(g1, "611", alice, "to one", false)
	srv.Message(g0, "610", alice, "to zero", false)
	srv.Message("", "612", alice, "a DM", false)
	if m := recv(t, shards[1].messages); m != "to one" {
		t.Errorf("shard 1 got %q", m)
	}
	if m := recv(t, shards[0].messages); m != "to zero" {
		t.Errorf("shard 0 got %q first", m)
	}
	if m := recv(t, shards[0].messages); m != "a DM" {
		t.Errorf("shard 0 got %q, want the DM", m)
	}
	for id, sh := range shards {
		select {
		case m := <-sh.messages:
			t.Errorf("shard %d also got %q", id, m)
		case g := <-sh.guilds:
			t.Errorf("shard %d also got guild %s", id, g)
		default:
		}
	}
	log := srv.IdentifyLog()
	if len(log) != 2 || log[0].ShardCount != 2 || log[1].ShardCount != 2 || log[0].Shard == log[1].Shard {
		t.Errorf("identify log %+v, want shards 0 and 1 of 2", log)
	}
}

func TestEventForAShardWithoutSessionWaitsForIt(t *testing.T) {
	t.Parallel()
	g1 := snowflake(3)
	srv := discordtest.New(t, discordtest.Options{})
	s0 := shardSession(t, srv, 0, 2)
	open(t, s0)
	srv.WaitShards(t, 0)
	in := srv.SlashCommand(g1, "613", alice, "help")
	s1 := shardSession(t, srv, 1, 2)
	got := collect[*discordgo.InteractionCreate](s1)
	open(t, s1)
	if i := recv(t, got); i.ID != in.ID {
		t.Errorf("shard 1 got interaction %s, want %s", i.ID, in.ID)
	}
}

func TestInvalidShardsAreClosedAsDiscordDoes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		first   []int // a shard connected first: id, count
		shard   []int
		options discordtest.Options
		want    int
	}{
		{"id past the count", nil, []int{2, 2}, discordtest.Options{}, 4010},
		{"another count than the live shards'", []int{0, 2}, []int{1, 3}, discordtest.Options{}, 4010},
		{"too many guilds for one shard", nil, []int{0, 2}, discordtest.Options{Guilds: []string{snowflake(2), snowflake(4), snowflake(5)}, MaxGuildsPerShard: 1}, 4011},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := discordtest.New(t, tc.options)
			if tc.first != nil {
				open(t, shardSession(t, srv, tc.first[0], tc.first[1]))
			}
			s := shardSession(t, srv, tc.shard[0], tc.shard[1])
			// discordgo checks the bounds itself; the raw pair goes out.
			s.ShardCount = 0
			s.Identify.Shard = &[2]int{tc.shard[0], tc.shard[1]}
			err := s.Open()
			var ce *websocket.CloseError
			if !errors.As(err, &ce) || ce.Code != tc.want {
				s.Close()
				t.Fatalf("Open = %v, want close %d", err, tc.want)
			}
		})
	}
}

func TestGatewayBotRecommendsTheConfiguredShards(t *testing.T) {
	t.Parallel()
	srv := discordtest.New(t, discordtest.Options{Shards: 6, MaxConcurrency: 4})
	s := newSession(t, srv, discordtest.DefaultToken)
	gb, err := s.GatewayBot()
	if err != nil {
		t.Fatal(err)
	}
	if gb.Shards != 6 || gb.SessionStartLimit.MaxConcurrency != 4 {
		t.Errorf("GET /gateway/bot = %+v, want 6 shards, max_concurrency 4", gb)
	}
	s = shardSession(t, srv, 5, 6)
	open(t, s)
	if log := srv.IdentifyLog(); len(log) != 1 || log[0].Shard != 5 || log[0].Bucket != 1 {
		t.Errorf("identify log %+v, want shard 5 in bucket 1", log)
	}
}
