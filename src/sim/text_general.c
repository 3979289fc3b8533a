/*
 * text_general.c — phrase banks for everyday use of a chat model.
 *
 * Three groups: generator slots that draw numbers, dates and hex strings
 * (sim_banks_builtin); everyday vocabulary (names, cities, dishes ...); and
 * the prompts and answers of people chatting about their lives: writing
 * help, advice, cooking, travel, explanations, translation, health, money,
 * trivia. The prompt banks are written as many phrasings of each intent,
 * with slots everywhere, so that two users asking "the same thing" rarely
 * send the same string. A share of people also ask for step-by-step
 * explanations (bank "stepask"), on purpose: asking for steps is normal
 * human behaviour and must not by itself identify an extraction campaign.
 *
 * Markup is described in grammar.c: {bank}, {^bank}, {bank>var}, {$var},
 * [a|b|c].
 */
#include "sim/simint.h"

/* ------------------------------------------------------------ generators --- */

static void put_int(sim_gx *x, int lo, int hi)
{
    sw_buf_printf(x->out, "%d", sim_rng_range(x->rng, lo, hi));
}

static void g_n1(sim_gx *x) { put_int(x, 1, 9); }
static void g_n2(sim_gx *x) { put_int(x, 10, 99); }
static void g_n3(sim_gx *x) { put_int(x, 100, 999); }
static void g_n4(sim_gx *x) { put_int(x, 1000, 9999); }
static void g_n5(sim_gx *x) { put_int(x, 10000, 99999); }
static void g_small(sim_gx *x) { put_int(x, 2, 12); }
static void g_pct(sim_gx *x) { put_int(x, 5, 95); }
static void g_year(sim_gx *x) { put_int(x, 1950, 2025); }
static void g_line(sim_gx *x) { put_int(x, 12, 880); }
static void g_port(sim_gx *x) { put_int(x, 3000, 9100); }
static void g_id6(sim_gx *x) { put_int(x, 100000, 999999); }

/* Draws go into locals before printing: argument evaluation order is
 * unspecified and the output must not depend on the compiler. */
static void g_dec(sim_gx *x)
{
    int whole = sim_rng_range(x->rng, 0, 99);
    int frac = sim_rng_range(x->rng, 1, 9);
    sw_buf_printf(x->out, "%d.%d", whole, frac);
}

static void g_money(sim_gx *x)
{
    int whole = (int)sim_rng_lognormal(x->rng, 60, 1.3);
    int cents = sim_rng_range(x->rng, 0, 99);
    sw_buf_printf(x->out, "%d.%02d", whole, cents);
}

static void g_hex(sim_gx *x)
{
    sw_buf_printf(x->out, "%08llx", (unsigned long long)(sim_rng_u64(x->rng) & 0xffffffffULL));
}

static void g_sha(sim_gx *x)
{
    sw_buf_printf(x->out, "%07llx", (unsigned long long)(sim_rng_u64(x->rng) & 0xfffffffULL));
}

static void g_letter(sim_gx *x)
{
    sw_buf_putc(x->out, (char)('A' + sim_rng_below(x->rng, 4)));
}

static void g_upper(sim_gx *x)
{
    sw_buf_putc(x->out, (char)('A' + sim_rng_below(x->rng, 26)));
}

static void g_date(sim_gx *x)
{
    int y = sim_rng_range(x->rng, 4, 6), m = sim_rng_range(x->rng, 1, 12);
    int d = sim_rng_range(x->rng, 1, 28);
    sw_buf_printf(x->out, "202%d-%02d-%02d", y, m, d);
}

static void g_clock(sim_gx *x)
{
    int h = sim_rng_range(x->rng, 6, 22), m = 5 * sim_rng_range(x->rng, 0, 11);
    sw_buf_printf(x->out, "%d:%02d", h, m);
}

const sim_bank sim_banks_builtin[] = {
    {"n1", NULL, 0, g_n1},       {"n2", NULL, 0, g_n2},       {"n3", NULL, 0, g_n3},
    {"n4", NULL, 0, g_n4},       {"n5", NULL, 0, g_n5},       {"small", NULL, 0, g_small},
    {"pct", NULL, 0, g_pct},     {"year", NULL, 0, g_year},   {"line", NULL, 0, g_line},
    {"port", NULL, 0, g_port},   {"id6", NULL, 0, g_id6},     {"dec", NULL, 0, g_dec},
    {"money", NULL, 0, g_money}, {"hex", NULL, 0, g_hex},     {"sha", NULL, 0, g_sha},
    {"letter", NULL, 0, g_letter}, {"upper", NULL, 0, g_upper}, {"date", NULL, 0, g_date},
    {"clock", NULL, 0, g_clock}, SIM_BANK_END,
};

/* ------------------------------------------------------------ vocabulary --- */

static const char *const b_name[] = {
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Ethan", "Aisha",
    "Omar", "Fatima", "Yusuf", "Priya", "Arjun", "Ananya", "Rohan", "Mei", "Wei", "Hana", "Kenji",
    "Yuki", "Min-jun", "Ji-woo", "Seo-yeon", "Lena", "Jonas", "Clara", "Felix", "Chloé", "Hugo",
    "Léa", "Camille", "Giulia", "Marco", "Lucía", "Pablo", "Carmen", "Diego", "João", "Ana",
    "Gabriel", "Beatriz", "Oliver", "Amelia", "Harry", "Isla", "George", "Freya", "Zeynep", "Emre",
    "Elif", "Mehmet", "Linh", "Minh", "Thao", "Duc", "Nadia", "Karim", "Salma", "Youssef",
    "Chinedu", "Amara", "Tunde", "Ngozi", "Kasia", "Piotr", "Marta", "Tomasz", "Daan", "Sanne",
    "Ivan", "Olena", "Taras", "Grace", "Daniel", "Sarah", "Michael", "Jessica", "David", "Laura",
    "James", "Hannah", "Ben", "Chloe", "Sam", "Maya", "Leo", "Zoe", "Max", "Nina", "Alex",
    "Jordan", "Taylor", "Riya", "Vikram", "Siddharth", "Meera", "Farah", "Bilal", "Ayesha",
};

static const char *const b_surname[] = {
    "Smith", "Garcia", "Müller", "Nguyen", "Kim", "Patel", "Sato", "Rossi", "Silva", "Dubois",
    "Kowalski", "Johnson", "Okafor", "Yilmaz", "Chen", "Wang", "Singh", "Hernández", "Martin",
    "Schmidt", "Tanaka", "Park", "Lopez", "Brown", "Wilson", "Andersson", "de Vries", "Haddad",
    "Ivanenko", "Costa", "Fernandes", "Moreau", "Bianchi", "Novak", "Khan", "Ali", "Mensah",
    "Taylor", "Murphy", "O'Brien", "Kaur", "Suzuki", "Lee", "Tran", "Pham", "Demir", "Weber",
};

static const char *const b_city[] = {
    "Lisbon", "Kyoto", "Barcelona", "Istanbul", "Mexico City", "Hanoi", "Marrakech", "Prague",
    "Vienna", "Seoul", "Tokyo", "Osaka", "Bangkok", "Chiang Mai", "Bali", "Singapore", "Sydney",
    "Melbourne", "Auckland", "Vancouver", "Montreal", "Toronto", "New York", "Chicago", "Austin",
    "New Orleans", "San Francisco", "Seattle", "Denver", "Miami", "Boston", "Buenos Aires",
    "Rio de Janeiro", "São Paulo", "Lima", "Cusco", "Cape Town", "Nairobi", "Cairo", "Dubai",
    "Amsterdam", "Berlin", "Munich", "Hamburg", "Paris", "Lyon", "Nice", "Rome", "Florence",
    "Naples", "Venice", "Madrid", "Seville", "Porto", "Dublin", "Edinburgh", "London",
    "Copenhagen", "Stockholm", "Oslo", "Reykjavik", "Budapest", "Kraków", "Warsaw", "Athens",
    "Dubrovnik", "Tbilisi", "Mumbai", "Delhi", "Jaipur", "Bangalore", "Goa", "Kathmandu", "Taipei",
    "Hong Kong", "Manila", "Ho Chi Minh City", "Bogotá", "Cartagena", "Havana", "Quebec City",
};

static const char *const b_country_n[] = {
    "Portugal", "Japan", "Spain", "Turkey", "Mexico", "Vietnam", "Morocco", "Czechia", "Austria",
    "South Korea", "Thailand", "Indonesia", "Australia", "New Zealand", "Canada", "the US",
    "Argentina", "Brazil", "Peru", "South Africa", "Kenya", "Egypt", "the Netherlands", "Germany",
    "France", "Italy", "Ireland", "Scotland", "Denmark", "Sweden", "Norway", "Iceland", "Hungary",
    "Poland", "Greece", "Croatia", "Georgia", "India", "Nepal", "Sri Lanka", "Colombia", "Chile",
};

static const char *const b_lang[] = {
    "Spanish", "French", "German", "Italian", "Portuguese", "Japanese", "Korean", "Mandarin",
    "Vietnamese", "Turkish", "Arabic", "Hindi", "Polish", "Dutch", "Swedish", "Greek", "Russian",
    "Ukrainian", "Indonesian", "Thai", "Tagalog", "Swahili", "Hebrew", "Czech", "Romanian",
};

static const char *const b_dish[] = {
    "lasagna", "chicken tikka masala", "pad thai", "shakshuka", "banana bread", "sourdough bread",
    "beef stew", "ramen", "pho", "paella", "risotto", "carbonara", "tacos al pastor", "chili",
    "lentil soup", "falafel", "hummus", "dal", "butter chicken", "fried rice", "bibimbap",
    "kimchi jjigae", "moussaka", "ratatouille", "quiche", "pancakes", "waffles", "granola",
    "brownies", "cheesecake", "tiramisu", "apple pie", "focaccia", "pizza dough", "gnocchi",
    "mac and cheese", "chicken curry", "vegetable curry", "tom yum soup", "gazpacho", "ceviche",
    "empanadas", "pierogi", "goulash", "schnitzel", "couscous salad", "tabbouleh", "miso soup",
    "teriyaki salmon", "stuffed peppers", "meatballs", "burrito bowls", "overnight oats",
    "cinnamon rolls", "crêpes", "poke bowl", "jollof rice", "biryani", "mapo tofu", "tagine",
};

static const char *const b_ingredient[] = {
    "chickpeas", "spinach", "sweet potatoes", "tofu", "chicken thighs", "ground beef", "salmon",
    "eggs", "rice", "quinoa", "lentils", "zucchini", "eggplant", "mushrooms", "cauliflower",
    "broccoli", "feta", "parmesan", "coconut milk", "greek yogurt", "oats", "bananas", "apples",
    "leftover rice", "canned tomatoes", "black beans", "potatoes", "carrots", "cabbage", "kale",
    "shrimp", "pork shoulder", "tempeh", "avocados", "bell peppers", "ginger", "miso paste",
    "buttermilk", "frozen peas", "cottage cheese", "almond flour", "dark chocolate", "leeks",
};

static const char *const b_cuisine[] = {
    "Italian", "Thai", "Indian", "Mexican", "Japanese", "Korean", "Lebanese", "Greek", "French",
    "Vietnamese", "Ethiopian", "Turkish", "Moroccan", "Spanish", "Peruvian", "Chinese", "Georgian",
};

static const char *const b_hobby[] = {
    "running", "rock climbing", "knitting", "painting", "photography", "gardening", "chess",
    "playing guitar", "baking", "woodworking", "hiking", "swimming", "yoga", "journaling",
    "birdwatching", "pottery", "learning piano", "cycling", "board games", "calligraphy",
    "sewing", "fishing", "bouldering", "skateboarding", "surfing", "crochet", "drawing",
    "podcasting", "3D printing", "home brewing", "dancing", "writing short stories",
};

static const char *const b_job[] = {
    "nurse", "teacher", "software engineer", "accountant", "graphic designer", "project manager",
    "sales representative", "pharmacist", "electrician", "chef", "marketing coordinator",
    "data analyst", "HR manager", "lawyer", "architect", "physiotherapist", "social worker",
    "barista", "product manager", "civil engineer", "dental hygienist", "paralegal",
    "customer success manager", "warehouse supervisor", "UX researcher", "journalist",
    "real estate agent", "veterinary technician", "lab technician", "office manager",
};

static const char *const b_relation[] = {
    "my sister", "my brother", "my mom", "my dad", "my best friend", "my boss", "my coworker",
    "my neighbor", "my partner", "my husband", "my wife", "my roommate", "my grandmother",
    "my grandfather", "my son", "my daughter", "my teenager", "my landlord", "my manager",
    "my team", "my aunt", "my uncle", "my cousin", "a friend of mine", "my in-laws",
};

static const char *const b_occasion[] = {
    "birthday", "wedding", "retirement party", "farewell lunch", "baby shower", "graduation",
    "anniversary", "housewarming", "work promotion", "engagement party", "Thanksgiving dinner",
    "team offsite", "Diwali celebration", "holiday party", "memorial", "bachelorette weekend",
};

static const char *const b_pet[] = {
    "dog", "puppy", "cat", "kitten", "rabbit", "parrot", "hamster", "guinea pig", "bearded dragon",
    "goldfish", "rescue dog", "senior cat", "labrador", "border collie", "beagle",
};

static const char *const b_sport[] = {
    "soccer", "basketball", "tennis", "badminton", "cricket", "baseball", "volleyball",
    "table tennis", "golf", "rugby", "ice hockey", "padel", "swimming", "marathon running",
    "Formula 1", "cycling", "boxing", "judo", "climbing", "skiing",
};

static const char *const b_genre[] = {
    "sci-fi", "fantasy", "mystery", "thriller", "historical fiction", "romance", "horror",
    "literary fiction", "non-fiction", "memoir", "cozy mystery", "space opera", "dystopian",
    "magical realism", "true crime", "young adult", "graphic novel", "poetry",
};

static const char *const b_weekday[] = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
};

static const char *const b_month[] = {
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
};

static const char *const b_season[] = {"spring", "summer", "autumn", "winter", "the holidays"};

static const char *const b_concept[] = {
    "inflation", "compound interest", "photosynthesis", "black holes", "quantum entanglement",
    "the greenhouse effect", "how vaccines work", "how GPS works", "the blockchain",
    "natural selection", "plate tectonics", "the immune system", "how airplanes fly",
    "the placebo effect", "supply and demand", "CRISPR", "dark matter", "the theory of relativity",
    "how the stock market works", "circadian rhythms", "the water cycle", "nuclear fusion",
    "how batteries work", "machine learning", "neural networks", "how the internet works",
    "public key encryption", "the electoral college", "interest rates", "how credit scores work",
    "how tides work", "why the sky is blue", "the Doppler effect", "entropy", "the Big Bang",
    "how antibiotics work", "the gut microbiome", "how noise-cancelling headphones work",
    "the Fibonacci sequence", "game theory", "opportunity cost", "cognitive dissonance",
    "the Monty Hall problem", "how solar panels work", "what a recession is", "the tragedy of the commons",
    "how earthquakes are measured", "why we dream", "how 3D printers work", "what an index fund is",
    "the difference between weather and climate", "how heat pumps work", "how mRNA vaccines work",
    "what a p-value means", "how compilers work", "the halting problem", "how bread rises",
};

static const char *const b_hist[] = {
    "the fall of the Roman Empire", "the French Revolution", "the Silk Road", "the Meiji Restoration",
    "the Cold War", "the Ottoman Empire", "the printing press", "the Industrial Revolution",
    "the Renaissance", "the Mughal Empire", "the Space Race", "the Byzantine Empire",
    "the Cuban Missile Crisis", "the Black Death", "ancient Egypt's pyramids", "the Aztec Empire",
    "the moon landing", "the Berlin Wall", "the Hanseatic League", "the Mongol Empire",
    "the Harlem Renaissance", "the partition of India", "the Marshall Plan", "Magna Carta",
};

static const char *const b_product[] = {
    "a laptop for college", "noise-cancelling headphones", "an e-reader", "a robot vacuum",
    "a standing desk", "running shoes", "a budget mirrorless camera", "an air fryer",
    "an espresso machine", "a mechanical keyboard", "a 4K monitor", "a mattress", "a stroller",
    "a used car", "an electric bike", "a gaming chair", "a smartwatch", "a tablet for drawing",
    "a rice cooker", "a VPN service", "a password manager", "a budgeting app", "winter boots",
    "a tent for car camping", "a beginner guitar", "a home printer", "a mesh wifi system",
};

static const char *const b_symptom[] = {
    "a sore throat", "trouble sleeping", "lower back pain", "frequent headaches", "a stiff neck",
    "heartburn after dinner", "itchy eyes in the morning", "knee pain when running",
    "a cough that won't go away", "feeling tired all the time", "seasonal allergies",
    "tight hamstrings", "a mild sunburn", "motion sickness", "jet lag", "a blister on my heel",
    "dry skin in winter", "muscle cramps at night", "a stuffy nose", "shin splints",
};

static const char *const b_fin[] = {
    "a Roth IRA", "an emergency fund", "paying off credit card debt", "index funds vs ETFs",
    "a high-yield savings account", "budgeting with the 50/30/20 rule", "refinancing a mortgage",
    "a 401(k) match", "dollar-cost averaging", "renting vs buying", "a health savings account",
    "student loan repayment", "freelance taxes", "building credit", "splitting bills with a partner",
    "saving for a house deposit", "a pension top-up", "capital gains tax", "an ISA",
};

static const char *const b_travel_act[] = {
    "food markets", "museums", "day hikes", "street food", "hidden gems", "rooftop bars",
    "beaches", "live music", "coffee shops", "bookstores", "night markets", "thermal baths",
    "cycling routes", "wine tasting", "vintage shopping", "temples", "photography spots",
};

static const char *const b_company_x[] = {
    "Brightline Logistics", "Northwind Outfitters", "Cobalt Dental", "Harbor & Pine",
    "Meridian Health", "Lumen Realty", "Bluefin Analytics", "Oakridge Insurance", "Tidewater Bank",
    "Sunday Bakery", "Atlas Movers", "Greenleaf Grocers", "Pioneer Auto", "Juniper Studios",
    "Helix Fitness", "Kestrel Travel", "Maple Street Pharmacy", "Quartz Telecom", "Riverbend Clinic",
};

static const char *const b_plant[] = {
    "monstera", "fiddle leaf fig", "snake plant", "basil", "tomato plants", "orchid", "pothos",
    "succulents", "lavender", "rosemary", "peace lily", "blueberry bushes", "a lemon tree",
};

static const char *const b_skill_life[] = {
    "public speaking", "negotiating a raise", "time management", "saying no at work",
    "making friends in a new city", "staying motivated to exercise", "learning to cook",
    "reading more books", "waking up earlier", "managing stress", "keeping a tidy home",
    "giving feedback", "dealing with procrastination", "preparing for a job interview",
    "sticking to a budget", "remembering names", "improving my handwriting", "meal prepping",
};

/* ----------------------------------------------------------------- prompts --- */

static const char *const b_stepask[] = {
    "Can you explain it step by step?", "Please walk me through it step by step.",
    "Could you break it down step by step?", "Explain step by step please.",
    "Go step by step so I can follow.", "Show me the steps.", "Can you show your work?",
    "I'd like to understand the reasoning, step by step.", "Break it into small steps please.",
    "Walk me through your thinking.", "Explain how you got there.",
    "Could you explain the reasoning behind each step?", "step by step pls",
    "Please explain your reasoning as you go.", "Take it one step at a time.",
};

static const char *const b_please[] = {
    "", "", "", "Please. ", "Thanks! ", "Thank you!", "Thanks in advance.", "",
    "Any help appreciated.", "", "thx", "",
};

static const char *const b_ind_writing[] = {
    "Can you help me write a [short|polite|friendly|professional] email to {relation>r} about {w_topic}?",
    "[Write|Draft] a {occasion} [speech|toast] for {relation}. [Keep it under two minutes.|Make it funny but heartfelt.|Not too cheesy please.|They love {hobby}.]",
    "Rewrite this to sound more [professional|confident|friendly|concise]: \"{w_draft}\"",
    "I need a cover letter for a {job} position at {company_x}. I have {n1} years of experience in {w_field}. [Keep it to one page.|Make it sound natural, not AI-written.|Highlight my leadership.]",
    "Proofread this please: {w_draft}",
    "Help me reply to {relation} who said \"{w_quote}\". I want to sound [calm|supportive|firm but kind|not passive aggressive].",
    "Write a LinkedIn post announcing that I started a new job as a {job}. [Humble, not braggy.|Short and warm.|Thank my old team too.]",
    "Can you make this paragraph flow better? {w_draft}",
    "Give me {small} subject lines for an email about {w_topic}.",
    "Write a [short|funny|sweet] poem for {relation>r}'s {occasion}.",
    "Draft a text to {relation} cancelling plans for {weekday} without sounding rude.",
    "I'm writing a {genre} short story. Can you help me with an opening paragraph about {w_story}?",
    "How do I politely decline a {occasion} invitation from {relation}?",
    "Summarize my main points into a [tweet|short bio|two-line intro]: {w_draft}",
    "Write a thank-you note to {relation} for helping me with {w_help}.",
    "Turn these notes into a proper paragraph: {w_notes}",
    "what's a nicer way to say \"{w_quote}\" in a work email",
    "Help me write a complaint to {company_x} about {w_complaint}.",
    "Write a product description for my Etsy shop: handmade {w_craft}.",
    "Can you write a bedtime story for my {n1} year old about a {pet} who {w_story}?",
    "Please help me write my out-of-office message. I'm away until {weekday} {month} {n2}.",
    "Give me feedback on my college essay intro: {w_draft}",
};

static const char *const b_w_topic[] = {
    "rescheduling our meeting", "a late payment", "my resignation", "asking for a day off",
    "following up on an interview", "the noise from their apartment", "splitting the bill",
    "a mistake in my invoice", "asking for a reference", "the project deadline slipping",
    "returning a borrowed car", "introducing myself to the team", "requesting a refund",
    "asking for feedback on my work", "moving our standup", "a broken dishwasher",
};

static const char *const b_w_draft[] = {
    "I wanted to reach out because I think there may have been some confusion about the schedule and I'm not sure who is supposed to do what anymore.",
    "hey so i cant make it tomorrow bc something came up, sorry!! can we do next week instead maybe thursday",
    "Our team has delivered the quarterly report two days ahead of schedule, despite losing two members in {month}.",
    "I am writing to complain about the service I received at your store on {weekday}, which was frankly not acceptable.",
    "As a {job} with {n1} years of experience, I have developed strong skills in communication, organization and problem solving.",
    "The results shows that the new process are faster but there is still some issue with the quality that we need to look.",
    "Thank you for the opportunity to interview. I really enjoyed learning about the role and the team.",
    "I think we should consider moving the launch to {month} because the testing is not done and marketing is not ready.",
    "Ever since I was a kid I have been fascinated by how things work, which is why I want to study engineering.",
    "Please find attached the documents you requested. Let me know if anything is missing.",
    "We regret to inform you that the event scheduled for {weekday} has been postponed due to weather.",
    "so basically the app keeps crashing when i open the camera and ive already reinstalled it twice",
};

static const char *const b_w_quote[] = {
    "you never help with anything", "can you have this done by tomorrow?",
    "I don't think this is working out", "why didn't you tell me earlier?",
    "per my last email", "we need to talk about the rent", "I'm disappointed in the result",
    "let's circle back on this next quarter", "are you coming or not?",
};

static const char *const b_w_field[] = {
    "customer support", "retail", "healthcare", "education", "logistics", "marketing",
    "finance", "hospitality", "software testing", "nonprofit fundraising", "event planning",
};

static const char *const b_w_story[] = {
    "finds a map under the floorboards", "is afraid of the dark", "wants to fly to the moon",
    "gets lost in a huge library", "befriends a lonely robot", "opens a tiny bakery",
    "discovers a door in the old oak tree", "wakes up speaking every language",
};

static const char *const b_w_help[] = {
    "my move", "watching the kids", "my thesis", "the garden", "fixing my bike", "my job search",
};

static const char *const b_w_notes[] = {
    "q3 sales up 12%, new client in {city}, hiring 2 more, budget tight, launch {month}",
    "meeting moved - {weekday} {clock}, bring laptops, agenda: roadmap, hiring, offsite",
    "trip recap: {city} great, food amazing, hotel meh, would go back in {season}",
    "project status: backend done, frontend 70%, tests missing, risk: vendor delay",
};

static const char *const b_w_complaint[] = {
    "a package that never arrived", "being charged twice", "a rude delivery driver",
    "a broken item in my order", "a cancelled flight with no refund", "a billing error",
};

static const char *const b_w_craft[] = {
    "ceramic mugs", "beeswax candles", "crochet plushies", "leather wallets", "silver earrings",
    "watercolor prints", "wooden cutting boards", "linen tote bags",
};

static const char *const b_ind_advice[] = {
    "How do I get better at {skill_life}?",
    "Any tips for {skill_life}? I'm a {job} and I [never have time|always feel behind|work night shifts].",
    "{relation} and I keep arguing about {a_issue}. How should I approach the conversation?",
    "I'm thinking about switching careers from {job} to {job}. [Is that realistic at {n2}?|Where do I start?|What skills transfer?]",
    "My {pet} [keeps barking at night|won't eat|scratches the furniture|pulls on the leash]. What can I do?",
    "How do I ask for a raise [without sounding greedy|after only a year|when the company is struggling]?",
    "I just moved to {city} and don't know anyone. How do I make friends as an adult?",
    "Should I [take the job offer in {city}|stay at my current job|go back to school] ? [Pros and cons please.|I'm torn.]",
    "What's a good morning routine if I want to [be more productive|feel less anxious|start running]?",
    "How can I help {relation} who is going through a hard time with {a_issue}?",
    "My {plant} has yellow leaves. What am I doing wrong?",
    "How do I stop procrastinating on {a_task}?",
    "What should I pack for {n1} days in {city} in {season}?",
    "I have a job interview for a {job} role on {weekday}. What questions should I prepare for?",
    "How do I set boundaries with {relation} without hurting them?",
    "What are some good ways to unwind after work that aren't screens?",
    "Is it normal to feel nervous before {a_event}? How do I calm down?",
    "give me a weekly plan to get back into {hobby}",
    "How do I get my {n1} year old to sleep in their own bed?",
    "What's the best way to learn {hobby} as a complete beginner?",
};

static const char *const b_a_issue[] = {
    "money", "chores", "screen time", "moving abroad", "holiday plans", "our wedding budget",
    "career stress", "their new job", "a breakup", "caring for a parent", "school pressure",
};

static const char *const b_a_task[] = {
    "my taxes", "cleaning the garage", "my thesis", "job applications", "studying for my exam",
    "replying to emails", "decluttering", "a side project", "learning to drive",
};

static const char *const b_a_event[] = {
    "a presentation", "a first date", "a job interview", "a driving test", "surgery",
    "a big exam", "public speaking", "a performance review", "a flight",
};

static const char *const b_ind_cooking[] = {
    "What can I make with {ingredient}, {ingredient} and {ingredient}?",
    "Give me a recipe for {dish>t} [for {small} people|that's kid-friendly|without an oven|under 30 minutes|that I can freeze].",
    "How do I make {dish>t} [vegan|gluten-free|dairy-free|less spicy|healthier]?",
    "My {dish>t} always comes out [dry|soggy|bland|too dense|burnt on the bottom]. What am I doing wrong?",
    "Can I substitute {ingredient} for {ingredient} in {dish>t}?",
    "Plan {small} dinners for this week using mostly {ingredient} and {ingredient}. [Budget is tight.|High protein please.|No pork.|I hate cilantro.]",
    "What's a good {cuisine} dish for a {occasion}?",
    "How long do I cook {ingredient} in an air fryer?",
    "Is it safe to eat {dish} that's been in the fridge for {n1} days?",
    "Convert this recipe to grams: 2 cups flour, 1 cup sugar, half a cup of butter.",
    "What wine goes with {dish}?",
    "Give me a shopping list for {dish>t} and {dish}.",
    "how do i make {dish>t} like my grandma used to, it was {cuisine} style",
    "Quick healthy lunch ideas I can bring to work?",
    "What's the difference between baking soda and baking powder?",
    "I have {n2} minutes and {ingredient}. Ideas?",
};

static const char *const b_ind_travel[] = {
    "Plan a {n1}-day itinerary for {city>t} in {season}. [We like {travel_act} and {travel_act}.|Travelling with kids.|On a budget.|First time there.]",
    "Is {city>t} worth visiting in {month}?",
    "What are the best neighborhoods to stay in {city>t}?",
    "How do I get from the airport to the center of {city>t}?",
    "{city>t} or {city} for a long weekend?",
    "What should I know before travelling to {country_n>t}? [Tipping, safety, etc.|Visa rules?|Any scams to avoid?]",
    "Best {travel_act} in {city>t}?",
    "Help me plan a road trip from {city} to {city} over {n1} days.",
    "What are some phrases I should learn in {lang} before my trip?",
    "Is {n3} euros a day enough for {city>t}?",
    "What's the weather like in {city>t} in {month}?",
    "We're going to {country_n>t} for our honeymoon. Any romantic spots?",
    "I have a {n1}-hour layover in {city>t}. Can I leave the airport and see something?",
    "Suggest a packing list for backpacking through {country_n>t} for {n1} weeks.",
};

static const char *const b_ind_explain[] = {
    "Can you explain {concept>t} [in simple terms|like I'm five|briefly|with an example|to a teenager]?",
    "What is {concept>t}?",
    "How does {concept>t} actually work?",
    "ELI5: {concept>t}",
    "I never understood {concept>t}. Can you help?",
    "What's the difference between {concept>t} and {concept}?",
    "Why is {concept>t} important?",
    "Tell me about {hist>t}. [Keep it short.|What caused it?|Why does it matter today?]",
    "What were the main causes of {hist>t}?",
    "Give me a quick summary of {hist>t}.",
    "My kid asked me about {concept>t} and I didn't know what to say. How would you explain it?",
    "Is it true that {myth}?",
    "explain {concept>t} please",
    "What's a good book to learn about {concept>t}?",
    "How would you explain {concept>t} using an analogy?",
};

static const char *const b_myth[] = {
    "we only use 10% of our brains", "goldfish have a 3-second memory",
    "lightning never strikes the same place twice", "cracking your knuckles causes arthritis",
    "you should wait 30 minutes after eating to swim", "bulls hate the color red",
    "the Great Wall of China is visible from space", "sugar makes kids hyperactive",
};

static const char *const b_ind_translate[] = {
    "Translate to {lang>t}: \"{tr_src}\"",
    "How do you say \"{tr_src}\" in {lang>t}?",
    "Can you translate this into {lang>t}? {tr_src}",
    "What does \"{tr_foreign}\" mean?",
    "Translate this message from my {lang>t}-speaking {relation}: {tr_foreign}",
    "Is this {lang>t} correct? \"{tr_foreign}\"",
    "Translate to {lang>t}, [formal|casual] please: {tr_src}",
};

static const char *const b_tr_src[] = {
    "Where is the nearest train station?", "I'm allergic to peanuts.",
    "Thank you so much for your hospitality.", "Could we have the bill, please?",
    "I'm running about ten minutes late, sorry!", "Happy birthday, I hope all your wishes come true.",
    "Our meeting is moved to Thursday afternoon.", "The package should arrive by Friday.",
    "Do you have this in a smaller size?", "I would like to book a table for four at eight.",
    "Please find the signed contract attached.", "We are looking forward to working with you.",
    "Can you recommend a good local restaurant?", "My flight has been cancelled, what are my options?",
};

static const char *const b_tr_foreign[] = {
    "¿Nos vemos mañana a las cinco en la plaza?", "Je suis désolé, je ne peux pas venir ce soir.",
    "Vielen Dank für deine Hilfe beim Umzug!", "Ci vediamo domani in ufficio.",
    "Obrigado pelo convite, vou adorar ir!", "明日の会議は10時からです。", "오늘 저녁에 시간 있어요?",
    "Bugün çok yorgunum, yarın konuşalım mı?", "Cảm ơn bạn rất nhiều!", "Dziękuję za szybką odpowiedź.",
    "Ik kom iets later, sorry!", "Ευχαριστώ πολύ για όλα.", "Спасибо, всё получилось!",
    "شكرا جزيلا على مساعدتك", "मुझे यह बहुत पसंद आया।",
};

static const char *const b_ind_health[] = {
    "I've had {symptom} for {n1} days. Should I see a doctor?",
    "What are some natural ways to deal with {symptom}?",
    "Is it okay to exercise with {symptom}?",
    "What's a good beginner workout plan for {n1} days a week?",
    "How much protein do I actually need per day? I'm {n2} and [lift weights|run|mostly sit at a desk].",
    "What are healthy snacks for late-night cravings?",
    "How can I improve my sleep? I usually go to bed around {clock}.",
    "Is {n1} cups of coffee a day too much?",
    "What stretches help with {symptom}?",
    "Can you make me a {n1}-week plan to run a 5k?",
    "What's the difference between a cold and the flu?",
    "my {relation} has {symptom}, what should they do",
};

static const char *const b_ind_money[] = {
    "Can you explain {fin>t} like I'm new to this?",
    "Is {fin>t} a good idea for someone earning around {n2}k a year?",
    "How should I split my paycheck between savings and spending?",
    "What's the smartest way to approach {fin>t}?",
    "I have {n4} dollars saved. [Where should I put it?|Should I invest or pay off debt?|Is that enough for an emergency fund?]",
    "Help me make a monthly budget. Income {n4}, rent {n3}, car {n3}, groceries {n3}.",
    "Pros and cons of {fin>t}?",
    "How do I negotiate a lower rent?",
    "What should I know before buying my first home?",
    "How does tax work for a side hustle selling {w_craft}?",
};

static const char *const b_ind_trivia[] = {
    "Who [invented|discovered] {trivia_thing}?",
    "Why do {trivia_q}?",
    "What's the tallest mountain in {country_n}?",
    "Fun facts about {city}?",
    "What's the origin of the word \"{trivia_word}\"?",
    "How many {trivia_count} are there in the world?",
    "Settle a debate: {trivia_debate}",
    "What year did {hist} [start|end|happen]?",
    "Who won the {sport} world championship in {year}?",
    "Tell me something interesting about {pet}s.",
};

static const char *const b_trivia_thing[] = {
    "the telephone", "penicillin", "the bicycle", "the microwave oven", "Velcro", "the World Wide Web",
    "the printing press", "X-rays", "the periodic table", "insulin", "the QR code",
};

static const char *const b_trivia_q[] = {
    "cats purr", "onions make you cry", "we get goosebumps", "leaves change color in autumn",
    "planes leave white trails", "we hiccup", "bread go stale", "dogs tilt their heads",
    "the ocean look blue", "we yawn", "popcorn pop",
};

static const char *const b_trivia_word[] = {
    "salary", "quarantine", "robot", "avocado", "nerd", "OK", "sandwich", "muscle", "disaster",
    "berserk", "tycoon", "ketchup",
};

static const char *const b_trivia_count[] = {
    "languages", "species of ants", "countries", "active volcanoes", "time zones", "airports",
};

static const char *const b_trivia_debate[] = {
    "is a hot dog a sandwich?", "is a tomato a fruit?", "which came first, the chicken or the egg?",
    "can you see the Great Wall from space?", "do penguins have knees?", "is zero even?",
};

static const char *const b_ind_compare[] = {
    "What's better: {product} or {product}?",
    "I'm shopping for {product>t}. What should I look for? [Budget around {n3} dollars.|I'm not techy.|It's a gift.]",
    "Is it worth paying more for {product>t}?",
    "Compare {cuisine} and {cuisine} food for someone who can't handle spice.",
    "Should I learn {lang} or {lang}? [For travel.|For work.|My partner speaks both.]",
    "Which is healthier, {dish} or {dish}?",
    "iPhone or Android for my {n2} year old {relation}?",
    "What's the difference between a {job} and a {job}?",
};

static const char *const b_ind_fun[] = {
    "Tell me a joke about {job}s.",
    "Write a haiku about {season} in {city}.",
    "Give me {small} fun date ideas in {city}.",
    "Suggest a name for my new {pet}. [It's grey and fluffy.|Very energetic.|Something nerdy.]",
    "What should I read next if I loved {book_like}?",
    "Make up a riddle for kids.",
    "Write a limerick about a {pet} who loves {dish}.",
    "Give me a fun fact to start my {weekday} meeting.",
    "Ideas for a {occasion} theme?",
    "Invent a board game that uses only a deck of cards and dice.",
    "Recommend {small} {genre} movies from the last ten years.",
    "Write a short rap about {hobby}.",
    "Help me come up with a team name for our {sport} league.",
    "what should we do this weekend in {city}? we like {travel_act}",
};

static const char *const b_book_like[] = {
    "The Martian", "Project Hail Mary", "Pride and Prejudice", "The Name of the Wind",
    "Gone Girl", "Dune", "Sapiens", "Educated", "The Night Circus", "Circe", "Piranesi",
    "The Hobbit", "Atomic Habits", "Where the Crawdads Sing", "The Three-Body Problem",
};

static const char *const b_ind_techhelp[] = {
    "My laptop is really slow since the last update. What can I try?",
    "How do I [back up|transfer] photos from my phone to my computer?",
    "Wifi keeps dropping in one room. Any fixes?",
    "How do I make a formula in Excel that [sums a column if the cell says \"{cuisine}\"|counts unique values|looks up a price from another sheet]?",
    "What's the keyboard shortcut to [take a screenshot|split the screen|switch desktops] on a Mac?",
    "How do I set up two-factor authentication?",
    "My printer says it's offline but it's on. Help?",
    "How do I free up storage on my iPhone?",
    "Google Sheets: how do I highlight duplicates?",
    "How do I share a large video file with {relation}?",
    "Is it safe to use public wifi at the airport?",
    "What does this error mean: \"{ind_err}\"?",
};

static const char *const b_ind_err[] = {
    "DNS_PROBE_FINISHED_NXDOMAIN", "Your connection is not private", "disk full",
    "The application was unable to start correctly (0xc000007b)", "ERR_TOO_MANY_REDIRECTS",
    "Windows cannot find gpedit.msc", "kernel_task using 400% CPU",
};

static const char *const b_ind_learn[] = {
    "I'm learning {lang>t}. Can you quiz me on [basic verbs|numbers|food vocabulary|greetings]?",
    "What's the best way to memorize vocabulary in {lang>t}?",
    "Correct my {lang>t}: {tr_foreign}",
    "Explain the difference between \"ser\" and \"estar\" in Spanish.",
    "Can we practice a simple conversation in {lang>t}? You're a waiter, I'm ordering.",
    "How long does it take to become conversational in {lang>t}?",
    "Give me {small} common idioms in {lang>t} with meanings.",
};

static const char *const b_ind_followup[] = {
    "Thanks! Can you make it shorter?", "Can you make it a bit more formal?",
    "That's great. What about {concept}?", "Could you give me an example?",
    "Hmm, I don't have {ingredient}. What else could I use?", "Can you explain the second point more?",
    "ok and what if I only have {n1} days?", "Perfect, thank you!", "Can you put that in a table?",
    "Make it funnier.", "What would you recommend for a beginner?", "Can you translate that to {lang}?",
    "Why is that?", "Wait, I'm confused about the last part.", "Can you go step by step?",
    "Shorter please", "Now do one for {relation}.", "Is there a cheaper option?",
    "Can you add a few more ideas?", "What are the risks?", "ok but why",
    "Can you rewrite it without the last sentence?", "Give me three alternatives.",
    "How would this change if I'm in {country_n}?", "Great, now a version for {occasion}.",
};

/* ---------------------------------------------------------------- answers --- */

static const char *const b_r_open[] = {
    "Great question!", "Sure!", "Of course.", "Happy to help.", "Absolutely.", "Here's a clear way to think about it.",
    "Good idea.", "Here you go:", "Sure thing, here's a version you can use.", "That's a common problem, and it's usually fixable.",
    "Short answer: it depends, but here's how to decide.", "Here's a simple plan.", "",
};

static const char *const b_r_close[] = {
    "Let me know if you'd like me to adjust the tone or length.", "Want me to tailor this further?",
    "Hope that helps!", "If you tell me a bit more about your situation, I can be more specific.",
    "Would you like a shorter version?", "Good luck!", "Enjoy!", "",
    "I can also put this in a table if that's easier to scan.", "Feel free to ask follow-up questions.",
};

static const char *const b_r_sent[] = {
    "The key thing is to start small and be consistent.",
    "Most people find it easier once they break it into smaller pieces.",
    "It's worth checking the basics first before trying anything complicated.",
    "A good rule of thumb is to focus on what you can control.",
    "Try it for a week and see how it feels before changing anything else.",
    "There isn't a single right answer here, but a few options tend to work well.",
    "If you're unsure, the simplest option is usually the safest place to start.",
    "Keep in mind that everyone's situation is a little different.",
    "It helps to write down what you want to achieve before you begin.",
    "Being specific makes a big difference.",
    "You can always adjust later once you see what works.",
    "The main trade-off is between time and cost.",
    "A little preparation goes a long way here.",
};

static const char *const b_resp_writing[] = {
    "{r_open} Here's a draft:\n\nHi {name},\n\nI hope you're doing well. I wanted to reach out about {w_topic}. {r_sent} I'd really appreciate it if we could find a time to talk this week.\n\nThanks so much,\n{name}\n\n{r_close}",
    "{r_open} Here's a polished version:\n\n\"{^w_rewrite}\"\n\nI tightened the wording and made the tone a bit more {adj_tone}. {r_close}",
    "{r_open}\n\n{^w_rewrite}\n\nA few notes: I kept it short, led with the main point, and ended with a clear next step. {r_close}",
    "Here are a few options:\n1. {^w_rewrite}\n2. {^w_rewrite}\n3. {^w_rewrite}\n\n{r_close}",
    "{r_open} Dear {name},\n\nThank you for everything you did for {w_help}. It meant a lot to me, and I couldn't have done it without you. {r_sent}\n\nWarmly,\n{name}",
};

static const char *const b_w_rewrite[] = {
    "thank you for your patience while we sorted this out",
    "I'm excited to share that I've joined a new team and can't wait to get started",
    "could we move our meeting to later this week, as something urgent has come up",
    "I wanted to follow up on my previous message and check whether you had a chance to review it",
    "we delivered ahead of schedule thanks to a great team effort",
    "I'd love to hear your thoughts when you have a moment",
    "unfortunately I won't be able to attend, but I hope it goes wonderfully",
};

static const char *const b_adj_tone[] = {
    "warmer", "more professional", "more direct", "friendlier", "more confident", "more concise",
};

static const char *const b_resp_advice[] = {
    "{r_open} {r_sent} Here are a few things that usually help:\n\n1. **Start small.** {r_sent}\n2. **Be consistent.** {r_sent}\n3. **Ask for support.** Talking to {relation} can make it easier.\n\n{r_close}",
    "That sounds frustrating. {r_sent} {r_sent} If it keeps happening, it might be worth talking to a professional. {r_close}",
    "{r_open} Pros: {r_pro}. Cons: {r_con}. {r_sent} {r_close}",
    "{r_open}\n\n- {^r_tip}\n- {^r_tip}\n- {^r_tip}\n- {^r_tip}\n\n{r_close}",
};

static const char *const b_r_pro[] = {
    "more flexibility", "better pay over time", "a fresh start", "room to grow", "less commuting",
    "new skills", "a better work-life balance",
};

static const char *const b_r_con[] = {
    "some uncertainty at first", "a learning curve", "less stability", "higher upfront cost",
    "time away from family", "a temporary pay cut",
};

static const char *const b_r_tip[] = {
    "set a fixed time each day", "keep a short log of what you did", "remove distractions before you start",
    "reward yourself for small wins", "talk it through with someone you trust", "plan the night before",
    "use a timer for 25-minute blocks", "prepare two or three concrete examples", "practice out loud",
    "get enough sleep the night before", "keep snacks and water nearby", "start with the hardest part",
};

static const char *const b_resp_cooking[] = {
    "{r_open} Here's an easy {$t} recipe.\n\n**Ingredients:** {ingredient}, {ingredient}, {ingredient}, olive oil, salt, pepper.\n\n**Steps:**\n1. Preheat the pan over medium heat.\n2. Add the {ingredient} and cook for {n1} minutes.\n3. Stir in the rest and simmer for {n2} minutes.\n4. Season to taste and serve.\n\n{r_close}",
    "The most common reason is {cook_reason}. Try {cook_fix}, and {cook_fix}. {r_close}",
    "{r_open} You could make {dish}, {dish}, or a quick {cuisine}-style stir fry. {r_sent} {r_close}",
    "Yes, that works in most recipes. Use about the same amount, but expect {cook_reason} to change slightly. {r_close}",
    "Here's a plan for the week:\n- Monday: {dish}\n- Tuesday: {dish}\n- Wednesday: leftovers\n- Thursday: {dish}\n- Friday: {dish}\n\n{r_close}",
};

static const char *const b_cook_reason[] = {
    "too much liquid", "the oven running hot", "overmixing the batter", "not enough salt",
    "the pan not being hot enough", "the texture", "the cooking time",
};

static const char *const b_cook_fix[] = {
    "lowering the temperature by about 15 degrees", "resting the dough longer",
    "salting in stages rather than at the end", "patting the ingredients dry first",
    "using a thermometer", "adding an acid like lemon juice at the end",
};

static const char *const b_resp_travel[] = {
    "{r_open} Here's a {n1}-day plan for {$t}:\n\n**Day 1:** Explore the old town, {travel_act} in the afternoon, dinner near the river.\n**Day 2:** Morning at the main museum, then {travel_act}.\n**Day 3:** Day trip out of the city, back for {travel_act}.\n\n{r_close}",
    "{$t} is lovely in that season. Expect mild weather, fewer crowds, and good prices. {r_sent} Book popular spots a few days ahead. {r_close}",
    "The easiest option is usually the train or airport express, which takes about {n2} minutes. Taxis are faster at night but cost more. {r_close}",
    "Some tips for {$t}: carry a little cash, learn a few words of the local language, and keep an eye on your bag in crowded areas. {r_sent} {r_close}",
};

static const char *const b_resp_explain[] = {
    "{r_open} {^$t} is basically {expl_core}. Think of it like {expl_analogy}. {r_sent} {r_close}",
    "In simple terms: {expl_core}. The reason it matters is that {expl_why}. {r_close}",
    "{r_open}\n\n**What it is:** {expl_core}.\n**Why it matters:** {expl_why}.\n**An analogy:** it's like {expl_analogy}.\n\n{r_close}",
    "Good question. {^expl_core}. Historically, people thought otherwise, but {expl_why}. {r_close}",
};

static const char *const b_expl_core[] = {
    "a process where energy moves from one form to another",
    "a way of balancing what people want with what is available",
    "the result of many small interactions adding up over time",
    "a system that corrects itself when something changes",
    "a pattern that shows up whenever resources are limited",
    "a method for sending information so only the right person can read it",
    "the gradual change of a population over many generations",
    "a feedback loop between cause and effect",
};

static const char *const b_expl_why[] = {
    "it explains a lot of everyday things we take for granted",
    "it affects prices, health and decisions in ways people don't always notice",
    "understanding it helps you make better choices",
    "it underpins most of the technology we use every day",
    "small changes can have surprisingly large effects",
};

static const char *const b_expl_analogy[] = {
    "a bathtub filling and draining at the same time", "a busy restaurant kitchen",
    "a thermostat keeping a room warm", "a game of telephone", "a locked mailbox with a slot",
    "traffic on a highway at rush hour", "a library with a very strict librarian",
};

static const char *const b_resp_translate[] = {
    "Here's a natural way to say it in {$t}, in a {adj_tone} register. I kept the word order close to the original where the grammar allows, and used the polite form. {r_close}",
    "It means roughly: \"{tr_src}\" {r_sent} {r_close}",
    "In {$t} you'd usually phrase it a bit differently than in English: the verb moves and the greeting is shorter. A more casual version would drop the polite form. {r_close}",
    "Good try! Two small fixes: the verb needs the past tense, and the article should agree with the noun. Corrected, it reads naturally. {r_close}",
};

static const char *const b_resp_list[] = {
    "{r_open}\n\n1. {^idea}\n2. {^idea}\n3. {^idea}\n4. {^idea}\n5. {^idea}\n\n{r_close}",
    "Here are some ideas:\n- {^idea}\n- {^idea}\n- {^idea}\n\n{r_close}",
};

static const char *const b_idea[] = {
    "a picnic in the park with homemade {dish}", "a {cuisine} cooking night", "a sunset walk",
    "a board game tournament", "a themed playlist", "a scavenger hunt", "a pottery class",
    "a stargazing evening", "a weekend trip to {city}", "a {hobby} workshop", "a photo walk",
    "\"{name} the brave\"", "\"Pixel\"", "\"Biscuit\"", "\"Nova\"", "\"Team {upper}{upper}\"",
    "a short story swap", "a no-phone afternoon", "volunteering together",
};

static const char *const b_resp_generic[] = {
    "{r_open} {r_sent} {r_sent} {r_close}",
    "{r_open} {r_sent}\n\n- {^r_tip}\n- {^r_tip}\n- {^r_tip}\n\n{r_close}",
    "{r_sent} {r_sent} {r_sent} {r_close}",
    "Here's a comparison:\n\n| | Option A | Option B |\n|---|---|---|\n| Cost | lower | higher |\n| Quality | good | better |\n| Best for | beginners | enthusiasts |\n\n{r_sent} {r_close}",
};

static const char *const b_resp_steps_gen[] = {
    "Sure, step by step:\n\n**Step 1.** {^r_tip}.\n**Step 2.** {^r_tip}.\n**Step 3.** {^r_tip}.\n**Step 4.** {^r_tip}.\n\n{r_sent} {r_close}",
    "Let's go through it one step at a time.\n\n1. First, {r_tip}.\n2. Next, {r_tip}.\n3. Then {r_tip}.\n4. Finally, {r_tip}.\n\n{r_close}",
};

static const char *const b_img_prompt[] = {
    "What dish is this and how do I make it?", "Can you read the text in this screenshot?",
    "What plant is this? Is it safe for my {pet}?", "Is this rash something to worry about?",
    "What does this error mean?", "Can you describe what's in this photo?",
    "Which of these two looks better for a {occasion}?", "Translate the sign in this picture.",
    "How much do you think this is worth?", "What's wrong with my {plant}?",
};

const sim_bank sim_banks_general[] = {
    SIM_BANK("name", b_name),
    SIM_BANK("surname", b_surname),
    SIM_BANK("city", b_city),
    SIM_BANK("country_n", b_country_n),
    SIM_BANK("lang", b_lang),
    SIM_BANK("dish", b_dish),
    SIM_BANK("ingredient", b_ingredient),
    SIM_BANK("cuisine", b_cuisine),
    SIM_BANK("hobby", b_hobby),
    SIM_BANK("job", b_job),
    SIM_BANK("relation", b_relation),
    SIM_BANK("occasion", b_occasion),
    SIM_BANK("pet", b_pet),
    SIM_BANK("sport", b_sport),
    SIM_BANK("genre", b_genre),
    SIM_BANK("weekday", b_weekday),
    SIM_BANK("month", b_month),
    SIM_BANK("season", b_season),
    SIM_BANK("concept", b_concept),
    SIM_BANK("hist", b_hist),
    SIM_BANK("product", b_product),
    SIM_BANK("symptom", b_symptom),
    SIM_BANK("fin", b_fin),
    SIM_BANK("travel_act", b_travel_act),
    SIM_BANK("company_x", b_company_x),
    SIM_BANK("plant", b_plant),
    SIM_BANK("skill_life", b_skill_life),
    SIM_BANK("stepask", b_stepask),
    SIM_BANK("please", b_please),
    SIM_BANK("ind_writing", b_ind_writing),
    SIM_BANK("w_topic", b_w_topic),
    SIM_BANK("w_draft", b_w_draft),
    SIM_BANK("w_quote", b_w_quote),
    SIM_BANK("w_field", b_w_field),
    SIM_BANK("w_story", b_w_story),
    SIM_BANK("w_help", b_w_help),
    SIM_BANK("w_notes", b_w_notes),
    SIM_BANK("w_complaint", b_w_complaint),
    SIM_BANK("w_craft", b_w_craft),
    SIM_BANK("ind_advice", b_ind_advice),
    SIM_BANK("a_issue", b_a_issue),
    SIM_BANK("a_task", b_a_task),
    SIM_BANK("a_event", b_a_event),
    SIM_BANK("ind_cooking", b_ind_cooking),
    SIM_BANK("ind_travel", b_ind_travel),
    SIM_BANK("ind_explain", b_ind_explain),
    SIM_BANK("myth", b_myth),
    SIM_BANK("ind_translate", b_ind_translate),
    SIM_BANK("tr_src", b_tr_src),
    SIM_BANK("tr_foreign", b_tr_foreign),
    SIM_BANK("ind_health", b_ind_health),
    SIM_BANK("ind_money", b_ind_money),
    SIM_BANK("ind_trivia", b_ind_trivia),
    SIM_BANK("trivia_thing", b_trivia_thing),
    SIM_BANK("trivia_q", b_trivia_q),
    SIM_BANK("trivia_word", b_trivia_word),
    SIM_BANK("trivia_count", b_trivia_count),
    SIM_BANK("trivia_debate", b_trivia_debate),
    SIM_BANK("ind_compare", b_ind_compare),
    SIM_BANK("ind_fun", b_ind_fun),
    SIM_BANK("book_like", b_book_like),
    SIM_BANK("ind_techhelp", b_ind_techhelp),
    SIM_BANK("ind_err", b_ind_err),
    SIM_BANK("ind_learn", b_ind_learn),
    SIM_BANK("ind_followup", b_ind_followup),
    SIM_BANK("r_open", b_r_open),
    SIM_BANK("r_close", b_r_close),
    SIM_BANK("r_sent", b_r_sent),
    SIM_BANK("resp_writing", b_resp_writing),
    SIM_BANK("w_rewrite", b_w_rewrite),
    SIM_BANK("adj_tone", b_adj_tone),
    SIM_BANK("resp_advice", b_resp_advice),
    SIM_BANK("r_pro", b_r_pro),
    SIM_BANK("r_con", b_r_con),
    SIM_BANK("r_tip", b_r_tip),
    SIM_BANK("resp_cooking", b_resp_cooking),
    SIM_BANK("cook_reason", b_cook_reason),
    SIM_BANK("cook_fix", b_cook_fix),
    SIM_BANK("resp_travel", b_resp_travel),
    SIM_BANK("resp_explain", b_resp_explain),
    SIM_BANK("expl_core", b_expl_core),
    SIM_BANK("expl_why", b_expl_why),
    SIM_BANK("expl_analogy", b_expl_analogy),
    SIM_BANK("resp_translate", b_resp_translate),
    SIM_BANK("resp_list", b_resp_list),
    SIM_BANK("idea", b_idea),
    SIM_BANK("resp_generic", b_resp_generic),
    SIM_BANK("resp_steps_gen", b_resp_steps_gen),
    SIM_BANK("img_prompt", b_img_prompt),
    SIM_BANK_END,
};
