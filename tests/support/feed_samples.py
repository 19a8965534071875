"""Feed bodies for the fetcher tests, one per format and per kind of breakage."""

from __future__ import annotations


def rss2(n: int = 3, *, extra: str = "", encoding: str = "utf-8") -> bytes:
    items = "".join(
        f"<item><title>Story {i}</title><link>https://news.example.com/story/{i}</link>"
        f'<guid isPermaLink="false">story-{i}</guid>'
        f"<pubDate>Mon, 23 Nov 2026 1{i % 10}:00:00 +0900</pubDate>"
        f"<description>Summary of story {i}.</description></item>"
        for i in range(n)
    )
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>News</title>'
        f"<link>https://news.example.com/</link>{extra}{items}</channel></rss>"
    ).encode(encoding)


RSS091 = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old feed</title><link>http://old.example.com/</link>
<description>d</description><language>en</language>
<item><title>Caf&eacute; talks in Pyongyang</title><link>http://old.example.com/a1</link>
<description>Talks&nbsp;resumed &amp; ended.</description></item>
</channel></rss>"""

RDF10 = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
  xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="http://rdf.example.com/"><title>RDF feed</title><link>http://rdf.example.com/</link>
    <description>d</description>
    <items><rdf:Seq><rdf:li resource="http://rdf.example.com/1"/></rdf:Seq></items></channel>
  <item rdf:about="http://rdf.example.com/1"><title>RDF item</title><link>http://rdf.example.com/1</link>
    <description>An RDF entry.</description><dc:date>2026-11-20T09:30:00+09:00</dc:date>
    <dc:creator>Reporter One</dc:creator></item>
</rdf:RDF>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.com/blog/">
  <title>Atom feed</title><id>urn:uuid:feed</id><updated>2026-11-21T00:00:00Z</updated>
  <link rel="self" href="https://atom.example.com/feed.atom"/>
  <entry><title type="html">Ministers &lt;em&gt;meet&lt;/em&gt;</title><id>tag:atom.example.com,2026:1</id>
    <link rel="alternate" href="posts/1"/><updated>2026-11-21T08:00:00+02:00</updated>
    <author><name>A. Writer</name></author>
    <summary>Short summary.</summary>
    <content type="html">&lt;p&gt;The &lt;b&gt;full&lt;/b&gt; text.&lt;/p&gt;</content></entry>
</feed>"""

HTML_PAGE = b"""<!DOCTYPE html><html><head><title>A site</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feeds/main.xml">
<link rel="alternate" type="application/atom+xml" href="https://cdn.example.com/atom.xml">
</head><body><h1>Welcome</h1><p>No feed here, just a page.</p></body></html>"""

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
 <!ENTITY xxe SYSTEM "file:///etc/passwd">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>Laugh &lol9;</title><guid>l1</guid><description>x &xxe; y</description></item>
</channel></rss>"""


def huge_rss(n: int) -> bytes:
    items = "".join(f"<item><guid>g{i}</guid><title>t{i}</title></item>" for i in range(n))
    return f'<rss version="2.0"><channel><title>big</title>{items}</channel></rss>'.encode()


ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Talks</title></head><body>"
    "<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
    "<article><h1>Japan and North Korea hold talks</h1>"
    + "".join(
        f"<p>Paragraph {i}: Japanese and North Korean officials met in Stockholm on Tuesday to discuss "
        "the abduction issue, according to the foreign ministry, which described the talks as frank.</p>"
        for i in range(8)
    )
    + "</article><footer>Copyright 2026 Example News. All rights reserved.</footer></body></html>"
).encode()

PAYWALL_HTML = (
    b"<html><head><title>Locked</title></head><body><article><h1>Exclusive</h1>"
    b"<p>Officials met on Tuesday.</p><p>Subscribe now to continue reading.</p></article></body></html>"
)
